#pragma once

// Complete specimen documents of Utopia (`mrtd specimen document`): a passport (printed MRZ and
// chip files) with a visa (the sticker's printed MRZ and its VDS seal as a DataMatrix image),
// the trust anchors that verify them, and the test-only keys; optionally forged in one
// dimension so that `mrtd examine` must find it.

#include "chip/specimen.hpp"
#include "core/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::examine {

/// One deliberate forgery of a specimen document.
enum class Forgery {
  none,
  mrz,          ///< the printed MRZ's document number altered, its check digit left as it was
  chip,         ///< DG1 altered after signing (one letter of the name): the DG1 hash fails
  seal,         ///< one byte of the visa seal's signature changed
  inconsistent, ///< a genuine visa seal and sticker of another holder and passport, copied onto
                ///< this passport: each part verifies, the cross-checks fail
  expired       ///< the passport expired on 2025-12-31 (every part genuine)
};

/// `none`, `mrz`, `chip`, `seal`, `inconsistent`, `expired` (the CLI's --forge names).
std::string_view to_string(Forgery forgery) noexcept;
std::optional<Forgery> parse_forgery(std::string_view name) noexcept;
const std::vector<Forgery>& all_forgeries();

/// The check of `mrtd examine` that must fail for `forgery` (nullptr for none), e.g.
/// `examine.chip`.
const char* expected_failing_check(Forgery forgery) noexcept;

struct DocumentSpecimenOptions {
  Forgery forgery = Forgery::none;
  std::optional<std::string> csca_key;        ///< PEM RSA; generated when absent
  std::optional<std::string> dsc_key;         ///< PEM RSA; generated when absent
  std::optional<std::string> seal_signer_key; ///< PEM P-256; generated when absent
};

/// The files of one specimen, by role. Names are relative to the role's folder.
struct DocumentSpecimen {
  /// mrz.txt (the passport's printed MRZ), visa-mrz.txt (the sticker's), chip/EF_COM.bin,
  /// chip/DG1.bin, chip/DG2.bin, chip/EF_SOD.bin, visa-seal.png (the sticker's DataMatrix).
  std::vector<chip::SpecimenFile> document;
  /// csca.pem (Utopia's CSCA), crl.pem (its CRL), seal-signer.pem (the visa seal signer, UTSP,
  /// issued by the same CSCA).
  std::vector<chip::SpecimenFile> trust;
  /// csca.TEST-ONLY.key.pem, dsc.TEST-ONLY.key.pem, seal-signer.TEST-ONLY.key.pem (generated or
  /// given).
  std::vector<chip::SpecimenFile> keys;
};

/// Builds a specimen: ERIKSSON, ANNA MARIA's Utopian passport L898902C3 (RSA-2048 chip, expiring
/// 2035-06-30) with a Utopian two-entry visa UV0012345 valid 2025-07-01..2027-06-30. Everything
/// verifies at 2026-01-01 unless `options.forgery` says otherwise. Deterministic when every key
/// is given and OpenSSL's RNG is (ECDSA seal signatures are randomised otherwise). Errors:
/// invalid_argument (a key that does not fit).
Result<DocumentSpecimen> make_document_specimen(const DocumentSpecimenOptions& options);

} // namespace mrtd::examine
