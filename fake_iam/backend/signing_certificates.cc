// The semantics of the signing-certificate operations: FakeIamBackend::Impl::Execute for
// ListSigningCertificates, UploadSigningCertificate, UpdateSigningCertificate and
// DeleteSigningCertificate.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "fake_iam/errors.h"
#include "fake_iam/fake_iam_backend.h"
#include "fake_iam/internal/backend_impl.h"
#include "fake_iam/internal/status_macros.h"
#include "fake_iam/internal/validation_cache.h"

namespace fake_iam {
namespace {

using internal::CheckInput;
using internal::NamedUser;
using internal::WholeSeconds;

absl::Status NoSuchCertificate(std::string_view id) {
  return MakeIamError(IamErrorCode::kNoSuchEntity,
                      absl::StrFormat("The Certificate with id %s cannot be found.", id));
}

}  // namespace

absl::StatusOr<ListSigningCertificatesResult> FakeIamBackend::Impl::Execute(
    const CallerIdentity& caller, const ListSigningCertificatesRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  internal::ReaderLock lock(&mu_);
  ASSIGN_OR_RETURN(const Principal* principal, Resolve(caller, NamedUser(request)));
  ASSIGN_OR_RETURN(SequencePage<SigningCertificate> page,
                   PageInSequence(principal->marker_scope, principal->certificates, request,
                                  [](const StoredCertificate& stored) {
                                    return stored.certificate;
                                  }));
  ListSigningCertificatesResult result;
  result.SetIsTruncated(page.marker.has_value());
  if (page.marker) result.SetMarker(*std::move(page.marker));
  result.SetCertificates(std::move(page.items));
  return result;
}

absl::StatusOr<UploadSigningCertificateResult> FakeIamBackend::Impl::Execute(
    const CallerIdentity& caller, const UploadSigningCertificateRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  // OpenSSL's work happens outside the lock; its outcome counts only after the user check.
  absl::StatusOr<internal::ParsedCertificate> parsed =
      internal::ParseCertificateBodyCached(request.GetCertificateBody());

  const absl::Time now = Now();

  internal::WriterLock lock(&mu_);
  ASSIGN_OR_RETURN(Principal * principal, ResolveForWrite(caller, NamedUser(request)));
  RETURN_IF_ERROR(parsed.status());
  // IAM calls an expired certificate malformed, in the same words (recorded).
  if (options_.check_certificate_dates && parsed->not_after < now) {
    return internal::MalformedCertificate(request.GetCertificateBody(),
                                          "The certificate has expired.");
  }
  if (options_.check_certificate_dates && parsed->not_before > now) {
    return internal::MalformedCertificate(request.GetCertificateBody(),
                                          "The certificate is not yet valid.");
  }
  RETURN_IF_ERROR(parsed->invalid);
  const std::string& id = parsed->certificate_id;
  // The user's own certificate again: IAM answers success and adds nothing (recorded), with the
  // held certificate's id and date and the status of a new upload, Active, whatever the held one's.
  for (const StoredCertificate& stored : principal->certificates) {
    if (stored.certificate.GetCertificateId() == id) {
      SigningCertificate answer = stored.certificate;
      answer.SetCertificateBody(request.GetCertificateBody());
      answer.SetStatus(StatusType::kActive);
      return UploadSigningCertificateResult().WithCertificate(std::move(answer));
    }
  }
  if (certificate_ids_.contains(id)) {
    return MakeIamError(IamErrorCode::kDuplicateCertificate, "Duplicate certificate uploaded.");
  }
  if (principal->certificates.size() >=
      static_cast<size_t>(std::max(0, options_.max_certificates_per_user))) {
    return MakeIamError(IamErrorCode::kLimitExceeded,
                        absl::StrFormat("Cannot exceed quota for CertificatesPerUser: %d",
                                        options_.max_certificates_per_user));
  }

  SigningCertificate certificate = SigningCertificate()
                                       .WithUserName(OwnerName(*principal))
                                       .WithCertificateId(id)
                                       .WithCertificateBody(request.GetCertificateBody())
                                       .WithStatus(StatusType::kActive)
                                       .WithUploadDate(WholeSeconds(now));
  certificate_ids_.insert(id);
  principal->certificates.push_back({certificate, ++sequence_});
  return UploadSigningCertificateResult().WithCertificate(std::move(certificate));
}

absl::Status FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                           const UpdateSigningCertificateRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));
  RETURN_IF_ERROR(internal::CheckSettableStatus(request.GetStatus()));

  internal::WriterLock lock(&mu_);
  ASSIGN_OR_RETURN(Principal * principal, ResolveForWrite(caller, NamedUser(request)));
  for (StoredCertificate& stored : principal->certificates) {
    if (stored.certificate.GetCertificateId() == request.GetCertificateId()) {
      stored.certificate.SetStatus(request.GetStatus());
      return absl::OkStatus();
    }
  }
  return NoSuchCertificate(request.GetCertificateId());
}

absl::Status FakeIamBackend::Impl::Execute(const CallerIdentity& caller,
                                           const DeleteSigningCertificateRequest& request) {
  RETURN_IF_ERROR(CheckInput(request));

  internal::WriterLock lock(&mu_);
  ASSIGN_OR_RETURN(Principal * principal, ResolveForWrite(caller, NamedUser(request)));
  std::vector<StoredCertificate>& certificates = principal->certificates;
  auto it =
      std::find_if(certificates.begin(), certificates.end(), [&](const StoredCertificate& stored) {
        return stored.certificate.GetCertificateId() == request.GetCertificateId();
      });
  if (it == certificates.end()) return NoSuchCertificate(request.GetCertificateId());
  certificate_ids_.erase(it->certificate.GetCertificateId());
  certificates.erase(it);
  return absl::OkStatus();
}

}  // namespace fake_iam
