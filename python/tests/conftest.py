import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@pytest.fixture
def make_certificate():
    """Makes fresh self-signed P-256 certificates: returns (PEM text, SHA-256 of the DER as hex)."""
    def make():
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fixture-test")])
        utc = datetime.timezone.utc
        certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                       .public_key(key.public_key()).serial_number(x509.random_serial_number())
                       .not_valid_before(datetime.datetime(2020, 1, 1, tzinfo=utc))
                       .not_valid_after(datetime.datetime(2049, 12, 31, tzinfo=utc))
                       .sign(key, hashes.SHA256()))
        return (certificate.public_bytes(serialization.Encoding.PEM).decode(),
                certificate.fingerprint(hashes.SHA256()).hex())
    return make
