"""SSH public keys over the wire: UploadSSHPublicKey in both encodings, GetSSHPublicKey as SSH and
PEM, ListSSHPublicKeys (and boto3's paginator), UpdateSSHPublicKey and DeleteSSHPublicKey as boto3
parses them, and their errors as boto3's typed exceptions. Keys are made here with the
`cryptography` package, so the fake's fingerprints and encodings are checked against another
implementation than its own."""

import hashlib
import base64
import unittest

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from harness import START, WireTestCase

_KEYS = {}


def key(index, bits=2048):
    """The index-th RSA key of `bits` bits: (OpenSSH line, PEM, IAM's fingerprint)."""
    if (index, bits) not in _KEYS:
        private = rsa.generate_private_key(public_exponent=65537, key_size=bits)
        public = private.public_key()
        openssh = public.public_bytes(serialization.Encoding.OpenSSH,
                                      serialization.PublicFormat.OpenSSH).decode()
        pem = public.public_bytes(serialization.Encoding.PEM,
                                  serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        digest = hashlib.md5(base64.b64decode(openssh.split()[1])).hexdigest()
        fingerprint = ":".join(digest[i:i + 2] for i in range(0, 32, 2))
        _KEYS[(index, bits)] = (openssh, pem, fingerprint)
    return _KEYS[(index, bits)]


class SshPublicKeyTest(WireTestCase):
    """Each SSH key operation's answer and errors; alice holds no key at the start."""

    server_flags = ("--max-page-size", "1")

    def assertSshKey(self, answer, body, fingerprint, user="alice", status="Active"):
        self.assertEqual(set(answer), {"UserName", "SSHPublicKeyId", "Fingerprint",
                                       "SSHPublicKeyBody", "Status", "UploadDate"})
        self.assertEqual(answer["UserName"], user)
        self.assertRegex(answer["SSHPublicKeyId"], r"^APKA[A-Z2-7]{16}$")
        self.assertEqual(answer["Fingerprint"], fingerprint)
        self.assertEqual(answer["SSHPublicKeyBody"], body)
        self.assertEqual(answer["Status"], status)
        self.assertWholeSecondDate(answer["UploadDate"], START)

    def upload(self, body, user="alice"):
        return self.iam.upload_ssh_public_key(UserName=user, SSHPublicKeyBody=body)["SSHPublicKey"]

    def test_upload_in_both_encodings(self):
        openssh, _, fingerprint = key(0)
        response = self.iam.upload_ssh_public_key(UserName="alice",
                                                  SSHPublicKeyBody=openssh + " alice@laptop")
        self.assertOk(response, {"SSHPublicKey"})
        self.assertSshKey(response["SSHPublicKey"], openssh + " alice@laptop", fingerprint)
        _, pem, fingerprint = key(1)
        self.assertSshKey(self.upload(pem), pem, fingerprint)

    def test_get_in_either_encoding(self):
        openssh, pem, fingerprint = key(0)
        uploaded = self.upload(openssh + " comment")
        key_id = uploaded["SSHPublicKeyId"]
        response = self.iam.get_ssh_public_key(UserName="alice", SSHPublicKeyId=key_id,
                                               Encoding="SSH")
        self.assertOk(response, {"SSHPublicKey"})
        self.assertSshKey(response["SSHPublicKey"], openssh, fingerprint)
        got = self.iam.get_ssh_public_key(UserName="alice", SSHPublicKeyId=key_id,
                                          Encoding="PEM")["SSHPublicKey"]
        self.assertSshKey(got, pem, fingerprint)
        self.assertTrue(got["SSHPublicKeyBody"].endswith("-----END PUBLIC KEY-----\n"))

    def test_lower_case_encoding_is_a_validation_error(self):
        key_id = self.upload(key(0)[0])["SSHPublicKeyId"]
        with self.assertRaises(self.iam.exceptions.ClientError) as caught:
            self.iam.get_ssh_public_key(UserName="alice", SSHPublicKeyId=key_id, Encoding="ssh")
        self.assertIamError(caught, "ValidationError", 400,
                            "1 validation error detected: Value at 'encoding' failed to satisfy "
                            "constraint: Member must satisfy enum value set: [SSH, PEM]")

    def test_paginator_walks_the_keys(self):
        uploaded = [self.upload(key(i)[0])["SSHPublicKeyId"] for i in range(3)]
        pages = list(self.iam.get_paginator("list_ssh_public_keys").paginate(UserName="alice"))
        self.assertEqual(len(pages), 3)
        self.assertTrue(all(page["IsTruncated"] and page["Marker"] for page in pages[:-1]))
        self.assertNotTruncated(pages[-1])
        listed = [k for page in pages for k in page["SSHPublicKeys"]]
        self.assertEqual([k["SSHPublicKeyId"] for k in listed], uploaded)
        for metadata in listed:
            self.assertEqual(set(metadata), {"UserName", "SSHPublicKeyId", "Status", "UploadDate"})
            self.assertEqual(metadata["UserName"], "alice")
        # The caller's own without UserName.
        own = self.alice.list_ssh_public_keys(MaxItems=10)
        self.assertEqual(own["IsTruncated"], True)  # the server's pages hold one item

    def test_update_and_delete(self):
        key_id = self.upload(key(0)[0])["SSHPublicKeyId"]
        response = self.iam.update_ssh_public_key(UserName="alice", SSHPublicKeyId=key_id,
                                                  Status="Inactive")
        self.assertOk(response, set())
        listed = self.iam.list_ssh_public_keys(UserName="alice")["SSHPublicKeys"]
        self.assertEqual(listed[0]["Status"], "Inactive")
        with self.assertRaises(self.iam.exceptions.InvalidInputException) as caught:
            self.iam.update_ssh_public_key(UserName="alice", SSHPublicKeyId=key_id,
                                           Status="Expired")
        self.assertIamError(caught, "InvalidInput", 400,
                            "Operation does not support status Expired")
        self.assertOk(self.iam.delete_ssh_public_key(UserName="alice", SSHPublicKeyId=key_id),
                      set())
        with self.assertRaises(self.iam.exceptions.NoSuchEntityException) as caught:
            self.iam.delete_ssh_public_key(UserName="alice", SSHPublicKeyId=key_id)
        self.assertIamError(caught, "NoSuchEntity", 404,
                            f"User has no Public Key with id {key_id}.")

    def test_upload_errors_are_typed(self):
        exceptions = self.iam.exceptions
        with self.assertRaises(exceptions.UnrecognizedPublicKeyEncodingException) as caught:
            self.upload("not a key")
        self.assertIamError(caught, "UnrecognizedPublicKeyEncoding", 400,
                            "Invalid public key uploaded.")
        with self.assertRaises(exceptions.InvalidPublicKeyException) as caught:
            self.upload(key(0, bits=1024)[1])
        self.assertIamError(caught, "InvalidPublicKey", 400, "Invalid body for public key")
        ec_pem = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        with self.assertRaises(exceptions.InvalidPublicKeyException):
            self.upload(ec_pem)
        openssh, pem, fingerprint = key(0)
        self.upload(openssh)
        with self.assertRaises(exceptions.DuplicateSSHPublicKeyException) as caught:
            self.upload(pem)
        self.assertIamError(caught, "DuplicateSSHPublicKey", 400,
                            "Duplicate SSH public key uploaded.")
        for i in range(1, 5):
            self.upload(key(i)[0])
        with self.assertRaises(exceptions.LimitExceededException) as caught:
            self.upload(key(5)[0])
        self.assertIamError(caught, "LimitExceeded", 409,
                            "Cannot exceed quota for PublicKeysPerUser: 5")

    def test_delete_user_with_keys_conflicts(self):
        self.iam.create_user(UserName="bob")
        key_id = self.upload(key(0)[0], user="bob")["SSHPublicKeyId"]
        with self.assertRaises(self.iam.exceptions.DeleteConflictException) as caught:
            self.iam.delete_user(UserName="bob")
        self.assertIamError(caught, "DeleteConflict", 409,
                            "Cannot delete entity, must remove referenced objects first.")
        self.iam.delete_ssh_public_key(UserName="bob", SSHPublicKeyId=key_id)
        self.iam.delete_user(UserName="bob")


if __name__ == "__main__":
    unittest.main()
