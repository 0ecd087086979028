"""Paging over the wire: boto3's paginators, MaxItems, the page-size cap and markers."""

import unittest

from harness import WireTestCase


class PaginationTest(WireTestCase):
    """--max-page-size 1: every page holds one item, so clients must follow IsTruncated/Marker."""

    server_flags = ("--max-page-size", "1")

    def test_paginator_walks_signing_certificates(self):
        uploaded = [self.upload(), self.upload()]
        pages = list(self.iam.get_paginator("list_signing_certificates")
                     .paginate(UserName="alice"))
        self.assertEqual(len(pages), 2)
        self.assertIs(pages[0]["IsTruncated"], True)
        self.assertIsInstance(pages[0]["Marker"], str)
        self.assertTrue(pages[0]["Marker"])
        self.assertNotTruncated(pages[1])
        self.assertEqual([c for page in pages for c in page["Certificates"]], uploaded)

    def test_paginator_walks_root_certificates(self):
        uploaded = [self.upload(user=None), self.upload(user=None)]
        pages = list(self.iam.get_paginator("list_signing_certificates").paginate())
        self.assertEqual([len(page["Certificates"]) for page in pages], [1, 1])
        self.assertEqual([c for page in pages for c in page["Certificates"]], uploaded)

    def test_paginator_walks_users(self):
        for name in ["dave", "Bob", "erin", "carol", "Frank"]:
            self.iam.create_user(UserName=name)
        pages = list(self.iam.get_paginator("list_users").paginate())
        self.assertEqual(len(pages), 6)
        self.assertTrue(all(len(page["Users"]) == 1 for page in pages))
        self.assertTrue(all(page["IsTruncated"] and page["Marker"] for page in pages[:-1]))
        self.assertNotTruncated(pages[-1])
        self.assertEqual([u["UserName"] for page in pages for u in page["Users"]],
                         ["alice", "Bob", "carol", "dave", "erin", "Frank"])

    def test_paginator_max_items(self):
        for name in ["bob", "carol", "dave"]:
            self.iam.create_user(UserName=name)
        result = self.iam.get_paginator("list_users").paginate(
            PaginationConfig={"MaxItems": 2}).build_full_result()
        self.assertEqual([u["UserName"] for u in result["Users"]], ["alice", "bob"])
        self.assertIn("NextToken", result)
        rest = self.iam.get_paginator("list_users").paginate(
            PaginationConfig={"StartingToken": result["NextToken"]}).build_full_result()
        self.assertEqual([u["UserName"] for u in rest["Users"]], ["carol", "dave"])

    def test_page_size_caps_max_items(self):
        self.iam.create_user(UserName="bob")
        response = self.iam.list_users(MaxItems=100)
        self.assertEqual(len(response["Users"]), 1)
        self.assertIs(response["IsTruncated"], True)
        self.assertIn("Marker", response)

    def test_marker_continues_after_deletes_and_uploads(self):
        first, second = self.upload(), self.upload()
        page = self.iam.list_signing_certificates(UserName="alice")
        self.assertEqual(page["Certificates"], [first])
        self.iam.delete_signing_certificate(UserName="alice", CertificateId=first["CertificateId"])
        third = self.upload()
        rest, marker = [], page["Marker"]
        while marker:
            page = self.iam.list_signing_certificates(UserName="alice", Marker=marker)
            rest += page["Certificates"]
            marker = page.get("Marker")
        self.assertEqual(rest, [second, third])

    def test_marker_of_another_user_is_invalid_input(self):
        self.iam.create_user(UserName="bob")
        self.upload(), self.upload()
        marker = self.iam.list_signing_certificates(UserName="alice")["Marker"]
        with self.assertRaises(self.iam.exceptions.InvalidInputException) as caught:
            self.iam.list_signing_certificates(UserName="bob", Marker=marker)
        self.assertIamError(caught, "InvalidInput", 400, "Invalid Marker.")

    def test_forged_markers_are_invalid_input(self):
        for marker in ["bogus", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "x" * 320]:
            with self.subTest(marker=marker):
                with self.assertRaises(self.iam.exceptions.InvalidInputException) as caught:
                    self.iam.list_users(Marker=marker)
                self.assertIamError(caught, "InvalidInput", 400, "Invalid Marker.")
                with self.assertRaises(self.iam.exceptions.InvalidInputException):
                    self.iam.list_signing_certificates(UserName="alice", Marker=marker)

    def test_list_users_marker_of_another_prefix_is_invalid_input(self):
        for name in ["bob", "carol"]:
            self.iam.create_user(UserName=name, Path="/eng/")
        marker = self.iam.list_users()["Marker"]
        with self.assertRaises(self.iam.exceptions.InvalidInputException):
            self.iam.list_users(PathPrefix="/eng/", Marker=marker)


if __name__ == "__main__":
    unittest.main()
