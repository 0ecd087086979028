"""The Query protocol by hand: raw HTTP requests, the XML documents and the wire's own errors."""

import http.client
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

from harness import ISO_DATE, NS, REQUEST_ID, WireTestCase


class RawProtocolTest(WireTestCase):
    """Hand-made requests: the XML documents, GET, and malformed requests."""

    def form(self, **fields):
        return urllib.parse.urlencode({"Version": "2010-05-08", **fields})

    def assertStillServing(self):
        status, _, body = self.server.raw(body=self.form(Action="GetUser", UserName="alice"))
        self.assertEqual(status, 200, body)
        self.assertEqual(self.iam.list_users()["Users"][0]["UserName"], "alice")

    def assertXmlError(self, answer, http_status, code=None):
        status, headers, body = answer
        self.assertEqual(status, http_status, body)
        root = ET.fromstring(body)
        self.assertEqual(root.tag, NS + "ErrorResponse")
        self.assertEqual([child.tag for child in root], [NS + "Error", NS + "RequestId"])
        error = root.find(NS + "Error")
        self.assertEqual([child.tag for child in error], [NS + "Type", NS + "Code", NS + "Message"])
        self.assertRegex(root.findtext(NS + "RequestId"), REQUEST_ID)
        if code is not None:
            self.assertEqual(error.findtext(NS + "Code"), code)
        self.assertTrue(error.findtext(NS + "Message"))
        return error.findtext(NS + "Message")

    def test_success_document(self):
        status, headers, body = self.server.raw(body=self.form(Action="ListUsers"))
        self.assertEqual(status, 200)
        self.assertIn("xml", {k.lower(): v for k, v in headers.items()}["content-type"])
        root = ET.fromstring(body)
        self.assertEqual(root.tag, NS + "ListUsersResponse")
        self.assertEqual([child.tag for child in root],
                         [NS + "ListUsersResult", NS + "ResponseMetadata"])
        result = root.find(NS + "ListUsersResult")
        self.assertEqual(result.findtext(NS + "IsTruncated"), "false")
        self.assertIsNone(result.find(NS + "Marker"))
        member = result.find(f"{NS}Users/{NS}member")
        self.assertRegex(member.findtext(NS + "CreateDate"), ISO_DATE)
        self.assertEqual(member.findtext(NS + "CreateDate"), "2023-11-14T22:13:20Z")
        self.assertRegex(root.findtext(f"{NS}ResponseMetadata/{NS}RequestId"), REQUEST_ID)

    def test_update_document_has_only_metadata(self):
        certificate = self.upload()
        status, _, body = self.server.raw(body=self.form(
            Action="UpdateSigningCertificate", UserName="alice",
            CertificateId=certificate["CertificateId"], Status="Inactive"))
        self.assertEqual(status, 200, body)
        root = ET.fromstring(body)
        self.assertEqual(root.tag, NS + "UpdateSigningCertificateResponse")
        self.assertEqual([child.tag for child in root], [NS + "ResponseMetadata"])

    def test_get_with_query_string(self):
        query = self.form(Action="CreateUser", UserName="bob", Path="/eng/")
        status, _, body = self.server.raw("GET", query=query)
        self.assertEqual(status, 200, body)
        self.assertEqual(ET.fromstring(body).tag, NS + "CreateUserResponse")
        self.assertEqual(self.iam.get_user(UserName="bob")["User"]["Path"], "/eng/")
        status, _, body = self.server.raw("GET", query=self.form(Action="ListUsers",
                                                                 PathPrefix="/eng/"))
        self.assertEqual(status, 200, body)
        names = [e.text for e in ET.fromstring(body).iter(NS + "UserName")]
        self.assertEqual(names, ["bob"])

    def test_unknown_action(self):
        self.assertXmlError(self.server.raw(body=self.form(Action="CreateRole")), 400,
                            "InvalidAction")
        self.assertStillServing()

    def test_unknown_action_over_get(self):
        self.assertXmlError(self.server.raw("GET", query=self.form(Action="Frobnicate")), 400,
                            "InvalidAction")
        self.assertStillServing()

    def test_missing_action(self):
        self.assertXmlError(self.server.raw(body=self.form(UserName="alice")), 400)
        self.assertStillServing()

    def test_repeated_action(self):
        body = "Action=ListUsers&Action=ListUsers&Version=2010-05-08"
        self.assertXmlError(self.server.raw(body=body), 400)
        self.assertStillServing()

    def test_repeated_member(self):
        body = "Action=GetUser&UserName=alice&UserName=bob&Version=2010-05-08"
        self.assertXmlError(self.server.raw(body=body), 400)
        self.assertStillServing()

    def test_unknown_version(self):
        body = "Action=ListUsers&Version=2009-01-01"
        self.assertXmlError(self.server.raw(body=body), 400)
        self.assertStillServing()

    def test_malformed_percent_encoding(self):
        for body in ["Action=ListUsers&Version=2010-05-08&PathPrefix=%ZZ",
                     "Action=ListUsers&Version=2010-05-08&PathPrefix=%2",
                     "Action=List%G1Users&Version=2010-05-08"]:
            with self.subTest(body=body):
                self.assertXmlError(self.server.raw(body=body), 400)
                self.assertStillServing()
        self.assertXmlError(self.server.raw("GET", query="Action=ListUsers&Version=2010-05-08"
                                                         "&PathPrefix=%ZZ"), 400)
        self.assertStillServing()

    def test_body_over_one_mebibyte(self):
        body = self.form(Action="ListUsers", PathPrefix="/" + "a" * (1 << 20) + "/")
        try:
            answer = self.server.raw(body=body)
        except (BrokenPipeError, ConnectionResetError) as error:
            self.fail(f"the server dropped the connection instead of answering 413: {error!r}")
        self.assertXmlError(answer, 413)
        self.assertStillServing()

    def test_body_just_under_one_mebibyte_is_read(self):
        body = self.form(Action="ListUsers")
        body += "&Padding=" + "a" * ((1 << 20) - len(body) - 100)
        status, _, answer = self.server.raw(body=body)
        self.assertNotEqual(status, 413, answer)
        ET.fromstring(answer)
        self.assertStillServing()

    def test_missing_required_member(self):
        message = self.assertXmlError(self.server.raw(body=self.form(
            Action="UploadSigningCertificate", UserName="alice")), 400, "ValidationError")
        self.assertEqual(message, "1 validation error detected: Value null at 'certificateBody' "
                                  "failed to satisfy constraint: Member must not be null")
        self.assertStillServing()

    def test_non_integer_max_items(self):
        message = self.assertXmlError(self.server.raw(body=self.form(
            Action="ListUsers", MaxItems="ten")), 400, "ValidationError")
        self.assertIn("'maxItems'", message)
        self.assertStillServing()

    def test_unsigned_raw_request(self):
        self.assertXmlError(self.server.raw(body=self.form(Action="ListUsers"), sign=False), 403,
                            "MissingAuthenticationToken")
        self.assertStillServing()

    def test_garbled_authorization_header(self):
        answer = self.server.raw(body=self.form(Action="ListUsers"), sign=False,
                                 headers={"Authorization": "AWS4-HMAC-SHA256 garbage"})
        self.assertXmlError(answer, 400)
        self.assertStillServing()

    def test_unknown_http_method(self):
        connection = http.client.HTTPConnection(self.server.host, timeout=10)
        try:
            connection.request("DELETE", "/")
            response = connection.getresponse()
            self.assertGreaterEqual(response.status, 400)
            response.read()
        finally:
            connection.close()
        self.assertStillServing()

    def upload(self):
        return self.iam.upload_signing_certificate(
            UserName="alice", CertificateBody=self.server.cert())["Certificate"]


if __name__ == "__main__":
    unittest.main()
