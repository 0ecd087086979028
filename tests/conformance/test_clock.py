"""The fake clock as clients see it: dates, and certificates that expire as it moves."""

import datetime
import unittest

from harness import START, WireTestCase


class ClockTest(WireTestCase):
    """Dates come from the fake clock (--start-time, `advance`), in whole seconds."""

    def test_dates_follow_the_clock(self):
        now = self.iam.create_user(UserName="u1")["User"]["CreateDate"]
        self.server.command("advance 90")
        later = self.iam.create_user(UserName="u2")["User"]["CreateDate"]
        self.assertEqual(later - now, datetime.timedelta(seconds=90))
        uploaded = self.iam.upload_signing_certificate(
            UserName="u2", CertificateBody=self.server.cert())["Certificate"]["UploadDate"]
        self.assertEqual(uploaded, later)

    def test_certificate_expires_as_the_clock_moves(self):
        body = self.server.cert()  # valid until 2049-12-31T23:59:59Z
        step = int(datetime.datetime(2050, 6, 1, tzinfo=datetime.timezone.utc).timestamp()) - START
        self.server.command(f"advance {step}")
        try:
            with self.assertRaises(self.iam.exceptions.MalformedCertificateException):
                self.iam.upload_signing_certificate(UserName="alice", CertificateBody=body)
        finally:
            self.server.command(f"advance {-step}")
        self.iam.upload_signing_certificate(UserName="alice", CertificateBody=body)


if __name__ == "__main__":
    unittest.main()
