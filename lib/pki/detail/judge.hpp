#pragma once

// Internal: the certificate judgements chip and seal verification share (Doc 9303-12 §7.1):
// validity at the verification time, and the country rule across document, signer and CSCA.

#include "core/verdict.hpp"
#include "pki/certificate.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mrtd::pki::detail {

/// `cert` valid at `at`: pass "<what> valid FROM .. TO"; else fail "<what> not valid before
/// FROM" / "<what> expired TO" with the validity as expected and `at` as found.
Check judge_validity(CheckId id, const CertificateInfo& cert, UnixTime at, std::string_view what);

/// The country rule over (who, code) pairs: fail when two codes differ; otherwise skip when
/// `complete` is false (`incomplete` says why; the listing is appended), else pass.
Check judge_countries(CheckId id, const std::vector<std::pair<std::string, std::string>>& seen,
                      bool complete, std::string_view incomplete);

} // namespace mrtd::pki::detail
