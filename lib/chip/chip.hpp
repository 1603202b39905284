#pragma once

// Passive Authentication of eMRTD chip data, offline (ICAO Doc 9303-10..12; pa.md).

#include "core/date.hpp"
#include "core/verdict.hpp"
#include "chip/lds.hpp"
#include "mrz/mrz.hpp"
#include "pki/certificate.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mrtd::pki {
class TrustStore;
}

namespace mrtd::chip {

/// The files of one chip, as read by the caller (lib/ does no I/O).
struct ChipFiles {
  std::optional<Bytes> sod;
  std::optional<Bytes> com;
  std::map<int, Bytes> dgs;             ///< by data group number 1..16
  std::map<std::string, std::string> names; ///< `EF.SOD`/`DG1`... -> the name the user gave
};

/// Adds one file to `files` under `name` (for messages). Errors: invalid_argument when `files`
/// already holds that LDS file ("two files for DG1: 'a' and 'b'").
Result<bool> add_file(ChipFiles& files, FileId id, Bytes bytes, const std::string& name);

struct VerifyOptions {
  UnixTime at = 0;                        ///< verification time (the CLI's --at)
  std::optional<std::string> printed_mrz; ///< --mrz: compared with DG1
  std::optional<Bytes> aa_challenge;      ///< --aa-challenge (8 bytes normally)
  std::optional<Bytes> aa_response;       ///< --aa-response
};

/// One certificate as the verdict reports it (shared with seal verification).
using CertificateSummary = pki::CertificateSummary;

/// What the SOD says (reported as trustworthy only when the signature verified: see
/// Report::sod_trusted).
struct SodSummary {
  std::string content_type;        ///< dotted OID
  int lds_security_object_version = 0;
  std::optional<std::string> lds_version;      ///< v1: e.g. `0108`
  std::optional<std::string> unicode_version;  ///< v1
  std::string hash_algorithm;      ///< of the DG hashes, e.g. `SHA-256`
  std::string digest_algorithm;    ///< SignerInfo digestAlgorithm
  std::string signature_algorithm; ///< SignerInfo signatureAlgorithm, as verified
  std::optional<std::string> signing_time; ///< ISO instant
  std::string signer_identifier;   ///< `issuerAndSerialNumber: <issuer>, <serial>` or `subjectKeyIdentifier: <hex>`
  std::map<int, std::string> dg_hashes; ///< DG number -> hex
};

/// The result of verify(): the verdict plus the data it rests on.
struct Report {
  Verdict verdict;
  std::optional<SodSummary> sod;
  bool sod_trusted = false; ///< the SOD signature verified: its content may be relied on
  std::vector<CertificateSummary> certificates;
  std::optional<std::string> dg1_mrz;
  std::optional<mrz::Report> mrz; ///< DG1's MRZ through the MRZ engine
  std::map<int, std::string> dg_sha256; ///< of each provided DG file, with the LDS algorithm
};

/// A memo of DSC -> CSCA chain validations for batches: a DSC seen before (same DER, same
/// document state, same time) reuses its chain result and decoded fields, so a batch pays about
/// one signature verification per document. Tied to the one TrustStore it was used with, which
/// must outlive it. Thread-safe.
class ChainCache {
public:
  ChainCache();
  ~ChainCache();
  ChainCache(const ChainCache&) = delete;
  ChainCache& operator=(const ChainCache&) = delete;

  /// Lookups answered from the memo, and validations performed.
  std::size_t hits() const noexcept;
  std::size_t misses() const noexcept;

  struct Impl;
  Impl& impl() noexcept { return *m_impl; }

private:
  std::unique_ptr<Impl> m_impl;
};

/// Passive Authentication of `files` against `trust` at `options.at`. Never throws on bad input:
/// no SOD or an unparsable one gives an error verdict. Outcome: invalid iff a check failed;
/// valid only when the DG hashes, signature, signer, chain and country checks all passed;
/// indeterminate when nothing failed but the store holds no CSCA of the document's state (or
/// no DG was provided).
/// `cache`, when given, memoises chain validations across calls (batches).
Report verify(const ChipFiles& files, const pki::TrustStore& trust, const VerifyOptions& options,
              ChainCache* cache = nullptr);

} // namespace mrtd::chip
