"""Access keys over the wire: CreateAccessKey, ListAccessKeys (and boto3's paginator),
UpdateAccessKey, DeleteAccessKey and GetAccessKeyLastUsed as boto3 parses them; their errors; and
keys made over the wire signing requests at once."""

import unittest

from botocore.exceptions import ClientError

from harness import ACCESS_KEY_ID, ACCOUNT, ALICE_KEY, ROLE_KEY, ROOT_KEY, START, WireTestCase

INVALID_TOKEN = "The security token included in the request is invalid."


class AccessKeyTest(WireTestCase):
    """Each access-key operation's answer and errors. alice starts with one key (ALICE_KEY), the
    root with ROOT_KEY; the quota is two keys a user."""

    server_flags = ("--access-key", "%s:%s:role/Deployer" % ROLE_KEY)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.line()  # the role key's credentials line

    def assertAccessKey(self, key, user, status="Active", created=START, secret=True):
        fields = {"UserName", "AccessKeyId", "Status", "CreateDate"}
        self.assertEqual(set(key), fields | {"SecretAccessKey"} if secret else fields)
        self.assertEqual(key["UserName"], user)
        self.assertRegex(key["AccessKeyId"], ACCESS_KEY_ID)
        self.assertEqual(key["Status"], status)
        self.assertWholeSecondDate(key["CreateDate"], created)
        if secret:
            self.assertEqual(len(key["SecretAccessKey"]), 40)

    def listed(self, user="alice"):
        keys = self.iam.list_access_keys(UserName=user)["AccessKeyMetadata"]
        return [(k["AccessKeyId"], k["Status"]) for k in keys]

    def test_create_access_key(self):
        response = self.iam.create_access_key(UserName="alice")
        self.assertOk(response, {"AccessKey"})
        self.assertAccessKey(response["AccessKey"], "alice")
        self.assertNotEqual(response["AccessKey"]["AccessKeyId"], ALICE_KEY[0])

    def test_create_without_user_name_is_the_callers(self):
        self.assertAccessKey(self.alice.create_access_key()["AccessKey"], "alice")
        # The root's own keys carry the account id as their user name.
        self.assertAccessKey(self.iam.create_access_key()["AccessKey"], ACCOUNT)

    def test_list_access_keys(self):
        created = self.iam.create_access_key(UserName="alice")["AccessKey"]
        response = self.iam.list_access_keys(UserName="ALICE")
        self.assertOk(response, {"AccessKeyMetadata", "IsTruncated"})
        self.assertNotTruncated(response)
        keys = response["AccessKeyMetadata"]
        # In the order made, the set-up key first; never the secret.
        self.assertEqual([k["AccessKeyId"] for k in keys], [ALICE_KEY[0], created["AccessKeyId"]])
        for key in keys:
            self.assertAccessKey(key, "alice", secret=False)
        self.assertEqual(self.alice.list_access_keys()["AccessKeyMetadata"], keys)
        root_keys = self.iam.list_access_keys()["AccessKeyMetadata"]
        self.assertEqual([(k["UserName"], k["AccessKeyId"]) for k in root_keys],
                         [(ACCOUNT, ROOT_KEY[0])])

    def test_list_access_keys_empty(self):
        # As recorded: IsTruncated is there even when false.
        self.iam.create_user(UserName="bob")
        response = self.iam.list_access_keys(UserName="bob")
        self.assertOk(response, {"AccessKeyMetadata", "IsTruncated"})
        self.assertEqual(response["AccessKeyMetadata"], [])
        self.assertNotTruncated(response)

    def test_paginator_walks_access_keys(self):
        created = self.iam.create_access_key(UserName="alice")["AccessKey"]
        pages = list(self.iam.get_paginator("list_access_keys").paginate(
            UserName="alice", PaginationConfig={"PageSize": 1}))
        self.assertEqual(len(pages), 2)
        self.assertIs(pages[0]["IsTruncated"], True)
        self.assertTrue(pages[0]["Marker"])
        self.assertNotTruncated(pages[1])
        self.assertEqual([k["AccessKeyId"] for page in pages for k in page["AccessKeyMetadata"]],
                         [ALICE_KEY[0], created["AccessKeyId"]])

    def test_marker_of_another_user_is_invalid_input(self):
        self.iam.create_user(UserName="bob")
        self.iam.create_access_key(UserName="alice")
        marker = self.iam.list_access_keys(UserName="alice", MaxItems=1)["Marker"]
        with self.assertRaises(self.iam.exceptions.InvalidInputException) as caught:
            self.iam.list_access_keys(UserName="bob", Marker=marker)
        self.assertIamError(caught, "InvalidInput", 400, "Invalid Marker.")

    def test_update_access_key(self):
        created = self.iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
        response = self.iam.update_access_key(UserName="alice", AccessKeyId=created,
                                              Status="Inactive")
        self.assertOk(response, set())
        self.assertEqual(self.listed(), [(ALICE_KEY[0], "Active"), (created, "Inactive")])
        self.alice.update_access_key(AccessKeyId=created, Status="Active")
        self.assertEqual(self.listed(), [(ALICE_KEY[0], "Active"), (created, "Active")])

    def test_delete_access_key(self):
        created = self.iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
        response = self.iam.delete_access_key(UserName="alice", AccessKeyId=created)
        self.assertOk(response, set())
        self.assertEqual(self.listed(), [(ALICE_KEY[0], "Active")])
        # A deleted key frees its place under the quota.
        self.iam.create_access_key(UserName="alice")

    def test_limit_exceeded(self):
        self.iam.create_access_key(UserName="alice")
        with self.assertRaises(self.iam.exceptions.LimitExceededException) as caught:
            self.iam.create_access_key(UserName="alice")
        self.assertIamError(caught, "LimitExceeded", 409,
                            "Cannot exceed quota for AccessKeysPerUser: 2")
        self.assertEqual(len(self.listed()), 2)

    def test_no_such_user(self):
        message = "The user with name nobody cannot be found."
        for call in [lambda: self.iam.create_access_key(UserName="nobody"),
                     lambda: self.iam.list_access_keys(UserName="nobody"),
                     lambda: self.iam.update_access_key(
                         UserName="nobody", AccessKeyId=ALICE_KEY[0], Status="Active"),
                     lambda: self.iam.delete_access_key(
                         UserName="nobody", AccessKeyId=ALICE_KEY[0])]:
            with self.assertRaises(self.iam.exceptions.NoSuchEntityException) as caught:
                call()
            self.assertIamError(caught, "NoSuchEntity", 404, message)

    def test_no_such_access_key(self):
        # Unknown, or another user's (the root's): both are not found for alice.
        for key_id in ["AKIAIOSFODNN7EXAMPLE", ROOT_KEY[0]]:
            message = f"The Access Key with id {key_id} cannot be found."
            with self.assertRaises(self.iam.exceptions.NoSuchEntityException) as caught:
                self.iam.update_access_key(UserName="alice", AccessKeyId=key_id, Status="Inactive")
            self.assertIamError(caught, "NoSuchEntity", 404, message)
            with self.assertRaises(self.iam.exceptions.NoSuchEntityException) as caught:
                self.iam.delete_access_key(UserName="alice", AccessKeyId=key_id)
            self.assertIamError(caught, "NoSuchEntity", 404, message)
        self.assertEqual(self.listed(), [(ALICE_KEY[0], "Active")])
        root_keys = self.iam.list_access_keys()["AccessKeyMetadata"]
        self.assertEqual([(k["AccessKeyId"], k["Status"]) for k in root_keys],
                         [(ROOT_KEY[0], "Active")])

    def test_delete_user_with_access_keys_is_a_conflict(self):
        self.iam.create_user(UserName="bob")
        key_id = self.iam.create_access_key(UserName="bob")["AccessKey"]["AccessKeyId"]
        with self.assertRaises(self.iam.exceptions.DeleteConflictException) as caught:
            self.iam.delete_user(UserName="bob")
        self.assertIamError(caught, "DeleteConflict", 409,
                            "Cannot delete entity, must delete access keys first.")
        self.iam.delete_access_key(UserName="bob", AccessKeyId=key_id)
        self.iam.delete_user(UserName="bob")

    def test_role_caller_must_name_the_user(self):
        role = self.server.client(ROLE_KEY)
        for call in [role.create_access_key, role.list_access_keys,
                     lambda: role.delete_access_key(AccessKeyId=ALICE_KEY[0])]:
            with self.assertRaises(ClientError) as caught:
                call()
            self.assertIamError(caught, "ValidationError", 400,
                                "Must specify userName when calling with non-User credentials")

    def test_last_used_of_an_unknown_key_is_access_denied(self):
        # As recorded: not NoSuchEntity, and no modelled exception (botocore's ClientError).
        with self.assertRaises(ClientError) as caught:
            self.alice.get_access_key_last_used(AccessKeyId="AKIAIOSFODNN7EXAMPLE")
        self.assertIamError(
            caught, "AccessDenied", 403,
            f"User: arn:aws:iam::{ACCOUNT}:user/alice is not authorized to perform "
            "iam:GetAccessKeyLastUsed on resource: access key AKIAIOSFODNN7EXAMPLE")


class AccessKeySigningTest(WireTestCase):
    """A key made over the wire is a credential at once; its status decides, and each use is
    recorded for GetAccessKeyLastUsed."""

    def new_key(self, user="alice"):
        key = self.iam.create_access_key(UserName=user)["AccessKey"]
        return key["AccessKeyId"], key["SecretAccessKey"]

    def test_new_key_signs_at_once(self):
        key = self.new_key()
        client = self.server.client(key)
        self.assertEqual(client.get_user()["User"]["UserName"], "alice")
        self.assertEqual(client.list_access_keys()["AccessKeyMetadata"][1]["AccessKeyId"], key[0])

    def test_inactive_and_deleted_keys_are_refused(self):
        key = self.new_key()
        client = self.server.client(key)
        self.iam.update_access_key(UserName="alice", AccessKeyId=key[0], Status="Inactive")
        with self.assertRaises(ClientError) as caught:
            client.get_user()
        self.assertIamError(caught, "InvalidClientTokenId", 403, INVALID_TOKEN)
        self.iam.update_access_key(UserName="alice", AccessKeyId=key[0], Status="Active")
        self.assertEqual(client.get_user()["User"]["UserName"], "alice")
        self.iam.delete_access_key(UserName="alice", AccessKeyId=key[0])
        with self.assertRaises(ClientError) as caught:
            client.get_user()
        self.assertIamError(caught, "InvalidClientTokenId", 403, INVALID_TOKEN)

    def test_never_used_key(self):
        key_id = self.new_key()[0]
        response = self.iam.get_access_key_last_used(AccessKeyId=key_id)
        self.assertOk(response, {"UserName", "AccessKeyLastUsed"})
        self.assertEqual(response["UserName"], "alice")
        # As recorded: N/A, and no LastUsedDate at all.
        self.assertEqual(response["AccessKeyLastUsed"], {"ServiceName": "N/A", "Region": "N/A"})

    def test_last_used_after_a_call(self):
        key = self.new_key()
        self.server.command("advance 90")
        try:
            self.server.client(key, region="eu-west-1").list_users()
            used = self.iam.get_access_key_last_used(AccessKeyId=key[0])["AccessKeyLastUsed"]
        finally:
            self.server.command("advance -90")
        self.assertEqual(set(used), {"LastUsedDate", "ServiceName", "Region"})
        self.assertEqual(used["ServiceName"], "iam")
        self.assertEqual(used["Region"], "eu-west-1")  # the signature's credential scope
        self.assertWholeSecondDate(used["LastUsedDate"], START + 90)  # the fake clock's

    def test_a_refused_request_is_no_use(self):
        key = self.new_key()
        self.iam.update_access_key(UserName="alice", AccessKeyId=key[0], Status="Inactive")
        with self.assertRaises(ClientError):
            self.server.client(key).get_user()
        last_used = self.iam.get_access_key_last_used(AccessKeyId=key[0])["AccessKeyLastUsed"]
        self.assertNotIn("LastUsedDate", last_used)

    def test_root_key_last_used(self):
        # The root's key signs every call of self.iam, this one included.
        response = self.iam.get_access_key_last_used(AccessKeyId=ROOT_KEY[0])
        self.assertEqual(response["UserName"], ACCOUNT)
        self.assertEqual(response["AccessKeyLastUsed"]["ServiceName"], "iam")
        self.assertEqual(response["AccessKeyLastUsed"]["Region"], "us-east-1")
        self.assertWholeSecondDate(response["AccessKeyLastUsed"]["LastUsedDate"], START)


if __name__ == "__main__":
    unittest.main()
