#pragma once

// ICAO PKD downloads in LDIF (RFC 2849; pa.md §3): collections 001 (DSCs, CRLs), 002 (master
// lists, `pkdMasterListContent` or the older `CscaMasterListData`) and 003 (non-conformant DSCs
// with `pkdConformanceCode`/`pkdConformanceText`). Folded lines (also inside `dn:`) and base64
// `::` values are handled. Streaming: the caller feeds text in pieces, so a 100 MB download is
// never held whole.

#include "core/result.hpp"
#include "pki/certificate.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::pki {

/// One item of a PKD download.
struct PkdItem {
  enum class Kind { certificate, crl, master_list };
  Kind kind = Kind::certificate;
  Bytes der;                                   ///< the DER of the certificate, CRL or CMS list
  std::string dn;                              ///< the entry's DN, unfolded and decoded
  std::optional<std::string> country;          ///< from `c=XX` in the DN, upper-cased
  bool non_conformant = false;                 ///< collection 003 (dc=nc-data)
  std::vector<std::string> conformance_codes;  ///< pkdConformanceCode values
  std::vector<std::string> conformance_texts;  ///< pkdConformanceText values
};

/// Largest LDIF line (after unfolding) accepted; longer ones are limit_exceeded.
inline constexpr std::size_t k_max_ldif_line = 16 * 1024 * 1024;

/// Incremental LDIF reader. feed() any number of pieces, then finish(); every complete entry
/// that carries a certificate, CRL or master list is handed to `on_item`; entries without one
/// (containers) are skipped. A malformed entry is reported to `on_problem` (with its line
/// number) and skipped: one bad entry never aborts the file.
class LdifReader {
public:
  using ItemHandler = std::function<void(PkdItem&&)>;
  using ProblemHandler = std::function<void(std::string)>;

  LdifReader(ItemHandler on_item, ProblemHandler on_problem);
  ~LdifReader();
  LdifReader(const LdifReader&) = delete;
  LdifReader& operator=(const LdifReader&) = delete;

  /// Errors: limit_exceeded (a line over k_max_ldif_line), malformed (not LDIF at all: no
  /// `dn:` before the first attribute). A line is judged once the next one shows it is not
  /// folded, so an error may surface one feed() later or in finish(). After an error the reader
  /// stays failed: every later call returns the same error. Memory: the current line and the
  /// current entry's certificate/CRL/list values, nothing more. Problems reported (entry
  /// skipped): bad base64, a certificate/CRL/list attribute without a value or not in base64,
  /// a `:<` URL value, a line without `name:`; attributes outside an entry are skipped too.
  Result<bool> feed(std::string_view text);
  Result<bool> finish();

  std::size_t entries() const noexcept; ///< entries read (all, containers included)

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace mrtd::pki
