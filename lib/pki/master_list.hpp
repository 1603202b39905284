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
  std::vector<std::string> problems; ///< entries that are not certificates (with their index),
                                     ///< trailing bytes, a wrong version or eContentType
  std::optional<std::string> signing_time; ///< ISO instant
  std::optional<CertificateInfo> signer;   ///< the Master List Signer certificate
  std::optional<std::string> country;      ///< the signer's issuer country (publishing state)
  ListSignature signature = ListSignature::invalid;
  std::string signature_message;           ///< algorithm, quirks, why it failed
  std::optional<CertificateInfo> anchor;   ///< the CSCA the signer chained to
  bool anchored_in_list = false;           ///< `anchor` is the list's own CSCA, not a trust anchor
};

/// Parses and verifies a master list. The signer is the certificate the SignerIdentifier names
/// (embedded, else in `anchors`; RDNs compared as a set), and must carry EKU 2.23.136.1.1.3;
/// messageDigest must match the eContent. The signer's CSCA is looked for in `anchors` when they
/// hold a CA of the publishing state (the signer's issuer country): then only they decide, so a
/// list signed under a CSCA the anchors lack is invalid. Otherwise the list's own certificates
/// of that state are used (a CSCA from the list itself only proves the list is self-consistent:
/// `anchored_in_list` is set and signature_message says so); no CSCA anywhere -> unverified.
/// Time is not judged (lists are used long after their signer expired); `at` is reported
/// against the signer's validity in the message and chooses among candidate CSCAs. Errors:
/// malformed (neither CMS SignedData nor a bare CscaMasterList, or eContent is not a
/// CscaMasterList), limit_exceeded (over 256 MiB). A bare `CscaMasterList` (no CMS) is
/// accepted with signature unverified. A foreign eContentType is accepted and listed in
/// `problems` when the content still is a CscaMasterList.
Result<MasterList> read_master_list(ByteView der, const TrustStore& anchors, UnixTime at);

} // namespace mrtd::pki
