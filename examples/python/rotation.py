"""A user's own code, to be tested: rotates an IAM user's signing certificate with boto3."""


def rotate_signing_certificate(iam, user_name, certificate_pem):
    """Uploads `certificate_pem` for the user, then deactivates every certificate that was active
    before it. Returns the new certificate's id. `iam` is a boto3 IAM client."""
    paginator = iam.get_paginator("list_signing_certificates")
    before = [certificate for page in paginator.paginate(UserName=user_name)
              for certificate in page["Certificates"]]
    uploaded = iam.upload_signing_certificate(UserName=user_name, CertificateBody=certificate_pem)
    for certificate in before:
        if certificate["Status"] == "Active":
            iam.update_signing_certificate(UserName=user_name,
                                           CertificateId=certificate["CertificateId"],
                                           Status="Inactive")
    return uploaded["Certificate"]["CertificateId"]
