"""IAM's errors over the wire: codes, HTTP statuses, messages, the order of checks, injected
errors."""

import unittest

from botocore.exceptions import ClientError

from harness import ALICE_KEY, WireTestCase


class ErrorTest(WireTestCase):
    """Every reachable error as botocore's own exception class, with IAM's status and message."""

    def test_no_such_entity(self):
        e = self.iam.exceptions.NoSuchEntityException
        message = "The user with name nobody cannot be found."
        for call in [lambda: self.iam.get_user(UserName="nobody"),
                     lambda: self.iam.delete_user(UserName="nobody"),
                     lambda: self.iam.list_signing_certificates(UserName="nobody"),
                     lambda: self.upload(user="nobody"),
                     lambda: self.iam.update_signing_certificate(
                         UserName="nobody", CertificateId="A" * 32, Status="Active"),
                     lambda: self.iam.delete_signing_certificate(
                         UserName="nobody", CertificateId="A" * 32)]:
            with self.assertRaises(e) as caught:
                call()
            self.assertIamError(caught, "NoSuchEntity", 404, message)

    def test_no_such_certificate(self):
        self.iam.create_user(UserName="bob")
        bobs = self.upload(user="bob")
        for certificate_id in ["A" * 32, bobs["CertificateId"]]:  # unknown, or another user's
            message = f"The Certificate with id {certificate_id} cannot be found."
            with self.assertRaises(self.iam.exceptions.NoSuchEntityException) as caught:
                self.iam.update_signing_certificate(
                    UserName="alice", CertificateId=certificate_id, Status="Inactive")
            self.assertIamError(caught, "NoSuchEntity", 404, message)
            with self.assertRaises(self.iam.exceptions.NoSuchEntityException) as caught:
                self.iam.delete_signing_certificate(UserName="alice", CertificateId=certificate_id)
            self.assertIamError(caught, "NoSuchEntity", 404, message)
        self.assertEqual(self.iam.list_signing_certificates(UserName="bob")["Certificates"],
                         [bobs])

    def test_entity_already_exists_ignores_case(self):
        self.iam.create_user(UserName="Bob")
        with self.assertRaises(self.iam.exceptions.EntityAlreadyExistsException) as caught:
            self.iam.create_user(UserName="BOB")
        self.assertIamError(caught, "EntityAlreadyExists", 409, "User with name BOB already exists.")
        self.assertEqual(self.iam.get_user(UserName="bob")["User"]["UserName"], "Bob")

    def test_duplicate_certificate_is_account_wide(self):
        # Recorded against AWS: another user's (or the root's) copy is refused in these words.
        self.iam.create_user(UserName="bob")
        body = self.server.cert()
        self.upload(body=body)
        for user in ["bob", None]:
            with self.subTest(user=user):
                with self.assertRaises(self.iam.exceptions.DuplicateCertificateException) as caught:
                    self.upload(user=user, body=body.replace("\n", "\r\n"))
                self.assertIamError(caught, "DuplicateCertificate", 409,
                                    "Duplicate certificate uploaded.")

    def test_own_certificate_again_succeeds_and_adds_nothing(self):
        # Recorded against AWS: success, the held id and date, Status Active; nothing added.
        first = self.upload()
        self.iam.update_signing_certificate(UserName="alice", CertificateId=first["CertificateId"],
                                            Status="Inactive")
        again = self.upload(body=first["CertificateBody"])
        self.assertEqual(again, first)
        listed = self.iam.list_signing_certificates(UserName="alice")["Certificates"]
        self.assertEqual([c["Status"] for c in listed], ["Inactive"])
        second = self.upload()
        with self.assertRaises(self.iam.exceptions.LimitExceededException):
            self.upload()
        # At the quota too: it adds nothing.
        self.assertEqual(self.upload(body=second["CertificateBody"]), second)

    def test_update_to_expired_is_invalid_input(self):
        # Recorded against AWS: the model's enum has Expired, and IAM refuses to set it.
        certificate = self.upload()
        with self.assertRaises(self.iam.exceptions.InvalidInputException) as caught:
            self.iam.update_signing_certificate(
                UserName="alice", CertificateId=certificate["CertificateId"], Status="Expired")
        self.assertIamError(caught, "InvalidInput", 400,
                            "Operation does not support status Expired")

    def test_limit_exceeded(self):
        self.upload()
        second = self.upload()
        self.iam.update_signing_certificate(UserName="alice", CertificateId=second["CertificateId"],
                                            Status="Inactive")
        with self.assertRaises(self.iam.exceptions.LimitExceededException) as caught:
            self.upload()
        self.assertIamError(caught, "LimitExceeded", 409,
                            "Cannot exceed quota for CertificatesPerUser: 2")

    def test_another_users_certificate_is_checked_before_quota(self):
        self.iam.create_user(UserName="bob")
        bobs = self.upload(user="bob")
        self.upload()
        self.upload()
        with self.assertRaises(self.iam.exceptions.DuplicateCertificateException):
            self.upload(body=bobs["CertificateBody"])

    def test_user_is_checked_before_the_body(self):
        with self.assertRaises(self.iam.exceptions.NoSuchEntityException):
            self.upload(user="nobody", body="not a certificate")

    def test_delete_conflict(self):
        certificate = self.upload()
        with self.assertRaises(self.iam.exceptions.DeleteConflictException) as caught:
            self.iam.delete_user(UserName="alice")
        self.assertIamError(caught, "DeleteConflict", 409,
                            "Cannot delete entity, must delete certificates first.")
        self.iam.delete_signing_certificate(UserName="alice",
                                            CertificateId=certificate["CertificateId"])
        # alice still holds the access key the tests sign her calls with.
        with self.assertRaises(self.iam.exceptions.DeleteConflictException) as caught:
            self.iam.delete_user(UserName="alice")
        self.assertIamError(caught, "DeleteConflict", 409,
                            "Cannot delete entity, must delete access keys first.")
        self.iam.delete_access_key(UserName="alice", AccessKeyId=ALICE_KEY[0])
        self.iam.delete_user(UserName="alice")

    def test_malformed_certificate(self):
        valid = self.server.cert()
        bodies = {
            "text": "not a certificate",
            "bare base64": "".join(valid.splitlines()[1:-1]),
            "two certificates": valid + self.server.cert(),
            "text after the block": valid + "trailing text\n",
            "private key": valid.replace("CERTIFICATE", "PRIVATE KEY"),
            "garbled base64": valid.replace(valid.splitlines()[2], "!!!!" * 16),
        }
        for name, body in bodies.items():
            with self.subTest(name):
                with self.assertRaises(self.iam.exceptions.MalformedCertificateException) as caught:
                    self.upload(body=body)
                # AWS's words (recorded): the body echoed, cut to 64 characters and "...".
                echoed = body if len(body) <= 64 else body[:64] + "..."
                self.assertIamError(caught, "MalformedCertificate", 400,
                                    f"Certificate {echoed} is malformed.")

    def test_malformed_certificate_as_recorded_from_aws(self):
        with self.assertRaises(self.iam.exceptions.MalformedCertificateException) as caught:
            self.upload(body="invalid-certificate-body")
        self.assertIamError(caught, "MalformedCertificate", 400,
                            "Certificate invalid-certificate-body is malformed.")

    def test_upload_of_a_long_valid_body(self):
        # 16384 characters are allowed; white space around the block is accepted (docs/behavior.md).
        body = self.server.cert() + "\n" * 12000
        certificate = self.upload(body=body)
        self.assertEqual(certificate["Status"], "Active")

    def test_expired_certificate_is_malformed(self):
        # Recorded against AWS: the same answer as for text that is no certificate, body quoted.
        body = self.server.cert("expired")
        with self.assertRaises(self.iam.exceptions.MalformedCertificateException) as caught:
            self.upload(body=body)
        message = self.assertIamError(caught, "MalformedCertificate", 400)
        self.assertTrue(message.startswith("Certificate " + body[:40]), message)
        self.assertTrue(message.endswith(" is malformed."), message)

    def test_invalid_certificate_weak_rsa(self):
        with self.assertRaises(self.iam.exceptions.InvalidCertificateException) as caught:
            self.upload(body=self.server.cert("rsa512"))
        self.assertIamError(caught, "InvalidCertificate", 400)

    def test_validation_error_on_user_name_pattern(self):
        with self.assertRaises(ClientError) as caught:
            self.iam.get_user(UserName="bad name!")
        self.assertIamError(caught, "ValidationError", 400,
                            "1 validation error detected: Value at 'userName' failed to satisfy "
                            "constraint: Member must satisfy regular expression pattern: "
                            "[\\w+=,.@-]+")

    def test_validation_error_create_user_name_over_64(self):
        name = "u" * 65
        with self.assertRaises(ClientError) as caught:
            self.iam.create_user(UserName=name)
        message = self.assertIamError(caught, "ValidationError", 400)
        self.assertIn(f"at 'userName' failed to satisfy constraint: Member must", message)
        # 65 characters are fine for an existing user's name (1-128): the user is just unknown.
        with self.assertRaises(self.iam.exceptions.NoSuchEntityException):
            self.iam.get_user(UserName=name)

    def test_validation_errors_botocore_does_not_catch(self):
        raw = self.server.client(parameter_validation=False)
        with self.assertRaises(ClientError) as caught:
            raw.list_users(MaxItems=0)
        self.assertIamError(caught, "ValidationError", 400,
                            "1 validation error detected: Value at 'maxItems' failed to satisfy "
                            "constraint: Member must have value greater than or equal to 1")
        with self.assertRaises(ClientError) as caught:
            raw.update_signing_certificate(UserName="alice", CertificateId="short",
                                           Status="Bogus")
        message = self.assertIamError(caught, "ValidationError", 400)
        self.assertTrue(message.startswith("2 validation errors detected: Value at '"), message)
        self.assertIn("Value at 'certificateId' failed to satisfy constraint: Member must have "
                      "length greater than or equal to 24", message)
        self.assertIn("Value at 'status' failed to satisfy constraint: Member must satisfy enum "
                      "value set", message)
        # The two answers recorded from AWS, word for word.
        with self.assertRaises(ClientError) as caught:
            raw.update_signing_certificate(UserName="alice", CertificateId="A" * 32,
                                           Status="Invalid")
        self.assertIamError(caught, "ValidationError", 400,
                            "1 validation error detected: Value at 'status' failed to satisfy "
                            "constraint: Member must satisfy enum value set")
        with self.assertRaises(ClientError) as caught:
            raw.delete_signing_certificate(UserName="alice",
                                           CertificateId="not-a-certificate-id-at-all")
        self.assertIamError(caught, "ValidationError", 400,
                            "1 validation error detected: Value at 'certificateId' failed to "
                            "satisfy constraint: Member must satisfy regular expression pattern: "
                            "[\\w]+")

    def test_validation_errors_on_upper_bounds(self):
        raw = self.server.client(parameter_validation=False)
        cases = [
            ("maxItems", lambda: raw.list_users(MaxItems=1001)),
            ("maxItems", lambda: raw.list_signing_certificates(UserName="alice", MaxItems=1001)),
            ("marker", lambda: raw.list_users(Marker="m" * 321)),
            ("userName", lambda: raw.get_user(UserName="u" * 129)),
            ("userName", lambda: raw.get_user(UserName="")),
            ("pathPrefix", lambda: raw.list_users(PathPrefix="eng")),
            ("path", lambda: raw.create_user(UserName="bob", Path="/eng")),
        ]
        for member, call in cases:
            with self.subTest(member):
                with self.assertRaises(ClientError) as caught:
                    call()
                message = self.assertIamError(caught, "ValidationError", 400)
                self.assertTrue(message.startswith("1 validation error detected: Value "), message)
                self.assertIn(f" at '{member}' failed to satisfy constraint: Member must ",
                              message)

    def test_validation_error_does_not_echo_a_long_body(self):
        body = "x" * 16385  # one over CertificateBody's 16384
        with self.assertRaises(ClientError) as caught:
            self.upload(body=body)
        message = self.assertIamError(caught, "ValidationError", 400)
        self.assertIn("'certificateBody'", message)
        self.assertNotIn("x" * 65, message)

    def test_injected_errors(self):
        cases = [
            ("UploadSigningCertificate", "ServiceFailure", 500, "Receiver",
             self.iam.exceptions.ServiceFailureException, lambda: self.upload()),
            ("CreateUser", "LimitExceeded", 409, "Sender",
             self.iam.exceptions.LimitExceededException,
             lambda: self.iam.create_user(UserName="bob")),
            ("DeleteUser", "ConcurrentModification", 409, "Sender",
             self.iam.exceptions.ConcurrentModificationException,
             lambda: self.iam.delete_user(UserName="bob")),
            ("ListUsers", "Throttling", 400, "Sender", ClientError, lambda: self.iam.list_users()),
        ]
        for operation, code, http_status, type_, exception, call in cases:
            with self.subTest(code):
                self.server.command(f"fault {operation} {code} 1")
                with self.assertRaises(exception) as caught:
                    call()
                self.assertIamError(caught, code, http_status, type_=type_)
                call()  # the rule fired once and retired; the call changed nothing
        injected = [(c["operation"], c["status"]) for c in self.server.calls() if c["injected"]]
        self.assertEqual(injected, [(op, code) for op, code, *_ in cases])


if __name__ == "__main__":
    unittest.main()
