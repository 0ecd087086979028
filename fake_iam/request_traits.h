// Per-operation types, derived from FAKE_IAM_OPERATIONS: AnyRequest, a variant of every request,
// and RequestTraits<Request>, the operation of a request type and the type of its result.
#ifndef FAKE_IAM_REQUEST_TRAITS_H_
#define FAKE_IAM_REQUEST_TRAITS_H_

#include <type_traits>
#include <variant>

#include "fake_iam/model.h"
#include "fake_iam/operation.h"
#include "fake_iam/operation_list.h"

namespace fake_iam {

// RequestTraits<UploadSigningCertificateRequest>::kOperation ==
// Operation::kUploadSigningCertificate;
// ::Result is UploadSigningCertificateResult (void for operations without one); ::Outcome is what
// a call returns.
template <typename Request>
struct RequestTraits;

#define FAKE_IAM_REQUEST_TRAITS(Name, ResultType, Errors)       \
  template <>                                                   \
  struct RequestTraits<Name##Request> {                         \
    static constexpr Operation kOperation = Operation::k##Name; \
    using Result = ResultType;                                  \
    using Outcome = ::fake_iam::Outcome<ResultType>;            \
  };
FAKE_IAM_OPERATIONS(FAKE_IAM_REQUEST_TRAITS)
#undef FAKE_IAM_REQUEST_TRAITS

namespace request_traits_internal {
// std::variant of the types after the first: lets a macro list start every entry with a comma.
template <typename First, typename... Rest>
struct VariantOfRest {
  using type = std::variant<Rest...>;
};
}  // namespace request_traits_internal

// Any request, as recorded. The alternative's index is the Operation's value.
#define FAKE_IAM_COMMA_REQUEST(Name, Result, Errors) , Name##Request
using AnyRequest = typename request_traits_internal::VariantOfRest<void FAKE_IAM_OPERATIONS(
    FAKE_IAM_COMMA_REQUEST)>::type;
#undef FAKE_IAM_COMMA_REQUEST

#define FAKE_IAM_CHECK_INDEX(Name, Result, Errors)                                               \
  static_assert(std::is_same_v<                                                                  \
                std::variant_alternative_t<static_cast<size_t>(Operation::k##Name), AnyRequest>, \
                Name##Request>);
FAKE_IAM_OPERATIONS(FAKE_IAM_CHECK_INDEX)
#undef FAKE_IAM_CHECK_INDEX

}  // namespace fake_iam

#endif  // FAKE_IAM_REQUEST_TRAITS_H_
