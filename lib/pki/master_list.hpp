#pragma once

// CSCA master lists (Doc 9303-12 §8): CMS SignedData with eContentType id-icao-cscaMasterList
// (2.23.136.1.1.2) over `CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF
// Certificate }`, signed by a Master List Signer (EKU 2.23.136.1.1.3) issued by the publishing
// state's CSCA.

#include "core/date.hpp"
#include "core/result.hpp"
#include "pki/certificate.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mrtd::pki {

class TrustStore;

/// How the list's signature came out.
enum class ListSignature {
  verified,   ///< signature, signer EKU and signer -> CSCA chain all hold
  tolerated,  ///< verified only through a tolerated quirk (e.g. RSA DigestInfo without NULL)
  unverified, ///< no CSCA to chain the signer to (nothing to judge against)
  invalid     ///< the signature or the chain is wrong
};

const char* to_string(ListSignature signature) noexcept;

struct MasterList {
  std::vector<Bytes> certificates;   ///< certList, in order (each DER, possibly defective)
  std::vector<std::string> problems; ///< entries that are not certificates, with their index
  std::optional<std::string> signing_time; ///< ISO instant
  std::optional<CertificateInfo> signer;   ///< the Master List Signer certificate
  std::optional<std::string> country;      ///< the signer's issuer country (publishing state)
  ListSignature signature = ListSignature::invalid;
  std::string signature_message;           ///< algorithm, quirks, why it failed
  std::optional<CertificateInfo> anchor;   ///< the CSCA the signer chained to
};

/// Parses and verifies a master list. The signer's CSCA is looked for among the list's own
/// certificates of the publishing state, in `anchors`, in that order (a CSCA from the list
/// itself only proves the list is self-consistent: the message says so). Time is not judged
/// (lists are used long after their signer expired); `at` is reported against the signer's
/// validity in the message. Errors: malformed (not CMS SignedData, or its content is not a
/// CscaMasterList). A bare `CscaMasterList` (no CMS) is accepted with signature unverified.
Result<MasterList> read_master_list(ByteView der, const TrustStore& anchors, UnixTime at);

} // namespace mrtd::pki
