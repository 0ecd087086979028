"""A user's own code, to be tested: rotates an IAM user's credentials with boto3."""
import csv
import io
import time

# IAM's AccessKeysPerUser and CertificatesPerUser quotas.
ACCESS_KEYS_PER_USER = 2
CERTIFICATES_PER_USER = 2


class RotationRefused(Exception):
    """The rotation would have to delete a credential that may be in use; nothing was changed."""


class RotationNotConfirmed(Exception):
    """The credential report shows other credentials than the rotation left."""


class ReportTooOld(RotationNotConfirmed):
    """IAM answered with a report made before the rotation: it reuses a report for 4 hours."""


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


def _all(iam, operation, key, user_name):
    pages = iam.get_paginator(operation).paginate(UserName=user_name)
    return [item for page in pages for item in page[key]]


def _make_room(items, quota, delete):
    """Deletes the oldest Inactive items until there is room for one more. Listings are oldest
    first."""
    while len(items) >= quota:
        inactive = next(item for item in items if item["Status"] == "Inactive")
        delete(inactive)
        items.remove(inactive)


def rotate_credentials(iam, user_name, certificate_pem, install_access_key=lambda key: None):
    """Puts a new signing certificate and a new access key in place for the user, then deactivates
    and deletes every other certificate and key the user holds. `install_access_key(key)` hands
    the new key (with its SecretAccessKey, which IAM shows only once) to what signs with it; the
    old keys are retired only after it returns. Returns {"certificate": ..., "access_key": ...} as
    IAM answered them. An IAM error (botocore ClientError) stops the rotation: one while making
    the new key leaves the old key Active."""
    keys = _all(iam, "list_access_keys", "AccessKeyMetadata", user_name)
    certificates = _all(iam, "list_signing_certificates", "Certificates", user_name)
    # Room first, so that nothing changes when there is none: an Active credential may be in use.
    for items, quota, what in ((keys, ACCESS_KEYS_PER_USER, "access key"),
                               (certificates, CERTIFICATES_PER_USER, "certificate")):
        if len(items) >= quota and not any(item["Status"] == "Inactive" for item in items):
            raise RotationRefused(f"{user_name} holds {len(items)} Active {what}s, IAM's quota: "
                                  "retire one that is not in use first")
    _make_room(keys, ACCESS_KEYS_PER_USER,
               lambda key: iam.delete_access_key(UserName=user_name,
                                                 AccessKeyId=key["AccessKeyId"]))
    _make_room(certificates, CERTIFICATES_PER_USER,
               lambda cert: iam.delete_signing_certificate(UserName=user_name,
                                                           CertificateId=cert["CertificateId"]))

    certificate = iam.upload_signing_certificate(UserName=user_name,
                                                 CertificateBody=certificate_pem)["Certificate"]
    for old in certificates:
        if old["Status"] == "Active":
            iam.update_signing_certificate(UserName=user_name, CertificateId=old["CertificateId"],
                                           Status="Inactive")
    for old in certificates:
        iam.delete_signing_certificate(UserName=user_name, CertificateId=old["CertificateId"])

    key = iam.create_access_key(UserName=user_name)["AccessKey"]
    try:
        install_access_key(key)
    except Exception:
        # Nobody else holds the new secret: the key is useless, and takes a place in the quota.
        iam.delete_access_key(UserName=user_name, AccessKeyId=key["AccessKeyId"])
        raise
    # Every old key off before any is deleted: one still in use shows up while it can be
    # switched back on.
    for old in keys:
        if old["Status"] == "Active":
            iam.update_access_key(UserName=user_name, AccessKeyId=old["AccessKeyId"],
                                  Status="Inactive")
    for old in keys:
        iam.delete_access_key(UserName=user_name, AccessKeyId=old["AccessKeyId"])
    return {"certificate": certificate, "access_key": key}


def _whole_seconds(when):
    return when.replace(microsecond=0)


def _check_only_active(row, prefix, what, expected):
    """The row shows exactly one Active credential of the kind, rotated at `expected`."""
    active = [row[f"{prefix}{n}_last_rotated"] for n in (1, 2)
              if row[f"{prefix}{n}_active"] == "true"]
    if len(active) != 1 or active[0] != _whole_seconds(expected).isoformat():
        raise RotationNotConfirmed(f"the credential report shows {len(active)} Active {what}(s) "
                                   f"for {row['user']}; expected only the one of {expected}")


def confirm_rotation(iam, user_name, rotated, attempts=10, wait=5.0, sleep=time.sleep):
    """Generates and reads IAM's credential report, and checks the user's row: exactly one Active
    certificate and one Active access key, those of `rotated` (rotate_credentials' answer), by
    their *_last_rotated dates. IAM builds the report in the background and answers
    ReportInProgress meanwhile: ask again after `wait` seconds, `attempts` times in all. Returns
    the row (a dict by column); raises ReportTooOld or RotationNotConfirmed."""
    iam.generate_credential_report()
    for attempt in range(1, attempts + 1):
        try:
            report = iam.get_credential_report()
            break
        except iam.exceptions.CredentialReportNotReadyException:  # ReportInProgress
            if attempt == attempts:
                raise
            sleep(wait)

    rotated_at = max(rotated["certificate"]["UploadDate"], rotated["access_key"]["CreateDate"])
    if _whole_seconds(report["GeneratedTime"]) < _whole_seconds(rotated_at):
        raise ReportTooOld(f"the credential report of {report['GeneratedTime']} predates the "
                           f"rotation at {rotated_at}; IAM makes a new one at most every 4 hours")
    # boto3 decodes the base64 of the wire; the CSV has no trailing newline.
    rows = csv.DictReader(io.StringIO(report["Content"].decode("utf-8")))
    row = next((row for row in rows if row["user"].lower() == user_name.lower()), None)
    if row is None:
        raise RotationNotConfirmed(f"the credential report has no row for {user_name}")
    _check_only_active(row, "cert_", "certificate", rotated["certificate"]["UploadDate"])
    _check_only_active(row, "access_key_", "access key", rotated["access_key"]["CreateDate"])
    return row
