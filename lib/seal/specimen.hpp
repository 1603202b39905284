#pragma once

// Test seal signers of Utopia (`mrtd specimen seal`): a barcode signer certificate (C=UT,
// CN=SP: VDS signer id `UTSP`) issued by the specimen CSCA, or self-signed, with its CRL.

#include "chip/specimen.hpp"
#include "core/date.hpp"
#include "core/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mrtd::seal {

struct SealSpecimenOptions {
  std::string curve = "prime256v1"; ///< signer curve: prime256v1, secp384r1, secp521r1,
                                    ///< brainpoolP224r1, brainpoolP256r1, brainpoolP384r1
  std::optional<std::string> signer_key; ///< PEM; generated when absent
  std::optional<std::string> csca_key;   ///< PEM; generated (P-256) when absent
  std::optional<std::string> csca_certificate; ///< PEM or DER of the CSCA owning csca_key (e.g.
                                               ///< from `specimen chip`); made when absent
  std::string country = "UT";             ///< C of the signer and of the CSCA made here
                                          ///< (alpha-2; another state's signers in tests)
  bool self_signed = false;               ///< a self-signed signer, no CSCA
  long signer_serial = 0x5E;
  UnixTime csca_not_before = 1735689600;   ///< 2025-01-01
  UnixTime csca_not_after = 2051222400;    ///< 2035-01-01
  UnixTime signer_not_before = 1748736000; ///< 2025-06-01
  UnixTime signer_not_after = 1938038400;  ///< 2031-06-01
};

/// Files: csca.pem (unless self_signed), signer.pem, signer.der, crl.pem (unless self_signed),
/// then the keys signer.TEST-ONLY.key.pem and csca.TEST-ONLY.key.pem (when made here).
/// Errors: invalid_argument (unreadable PEM, a key off the curve, an unknown curve).
Result<std::vector<chip::SpecimenFile>> make_seal_specimen(const SealSpecimenOptions& options);

} // namespace mrtd::seal
