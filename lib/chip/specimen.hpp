#pragma once

// Synthetic chip specimens of Utopia (UTO, the ICAO specimen state): a CSCA, a DSC, a CRL and
// the LDS files EF.COM, DG1, DG2, optional DG14/DG15 and EF.SOD (ICAO Doc 9303-10..12), signed
// with a chosen algorithm, optionally with one deliberate defect for negative tests.
//
// Certificates name Utopia `C=UT`: UTO has no ISO 3166-1 alpha-2 code, and mrtd's country
// table (lib/mrz/countries.cpp) maps UTO <-> UT. DG1 carries the MRZ code UTO.

#include "core/date.hpp"
#include "core/result.hpp"
#include "mrz/make.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::chip {

/// The signature algorithm of the CSCA, the DSC and the SOD.
enum class SpecimenAlgorithm {
  rsa_pkcs1v15,           ///< RSA-2048, PKCS#1 v1.5 (deterministic signatures)
  rsa_pss,                ///< RSA-2048, RSASSA-PSS, MGF1 with the same hash, salt = hash length
  ecdsa_p256,             ///< ECDSA on prime256v1 (NIST P-256)
  ecdsa_brainpool_p256r1, ///< ECDSA on brainpoolP256r1
  ecdsa_brainpool_p384r1  ///< ECDSA on brainpoolP384r1
};

enum class SpecimenHash { sha1, sha224, sha256, sha384, sha512 };

/// How the SignerInfo names the DSC (RFC 5652 §5.3): version 1 issuerAndSerialNumber or
/// version 3 subjectKeyIdentifier.
enum class SignerIdForm { issuer_serial, subject_key_id };

/// One deliberate defect. Each makes exactly one thing wrong, so that one check of
/// `mrtd chip verify` fails (expected_failing_check() names it).
enum class Corruption {
  dg1_hash,               ///< DG1 changed after signing (one MRZ character of the name)
  dg2_hash,               ///< DG2 changed after signing (one image byte)
  signature,              ///< the last byte of the SignerInfo signature flipped
  message_digest,         ///< messageDigest attribute wrong, signature valid over it
  content_type_attribute, ///< contentType attribute id-data, signature valid over it
  no_signed_attributes,   ///< SignerInfo without signedAttrs (signature over eContent)
  inject_dg,              ///< an extra DG13 file that neither the SOD nor EF.COM lists
  dsc_self_signed,        ///< the DSC (genuine subject and key) signed by itself
  foreign_csca,           ///< DSC issued by another CSCA with the same name (not csca.pem)
  foreign_country,        ///< DSC issued by a CSCA of another state (C=DE); csca.pem is that CSCA
  expired_dsc,            ///< DSC validity ends one day after the signing time: the signature
                          ///< was made in time, but any later --at finds the DSC expired
  revoked,                ///< crl.pem lists the DSC
  com_mismatch,           ///< EF.COM also lists DG3, which the SOD does not
  mrz_check_digit         ///< DG1 MRZ with a wrong document-number check digit, correctly signed
};

/// `dg1_hash`, `signature`, ... (the CLI's --corrupt names).
std::string_view to_string(Corruption corruption) noexcept;
/// Inverse of to_string(); nullopt when unknown.
std::optional<Corruption> parse_corruption(std::string_view name) noexcept;
/// Every corruption, in declaration order.
const std::vector<Corruption>& all_corruptions();
/// The check id (lib/core/check_registry.hpp) that must fail for `corruption`, e.g.
/// `chip.dg1.hash`.
std::string_view expected_failing_check(Corruption corruption) noexcept;

/// `rsa`, `pss`, `p256`, `brainpoolP256r1`, `brainpoolP384r1` (the CLI's --algorithm names).
std::string_view to_string(SpecimenAlgorithm algorithm) noexcept;
std::optional<SpecimenAlgorithm> parse_specimen_algorithm(std::string_view name) noexcept;
/// `sha1` ... `sha512`.
std::string_view to_string(SpecimenHash hash) noexcept;
std::optional<SpecimenHash> parse_specimen_hash(std::string_view name) noexcept;

/// Private keys to reuse, PEM (PKCS#8 or traditional). Absent keys are generated, which makes
/// the output differ from run to run. Given keys must fit the algorithm (RSA, or EC on the
/// chosen curve); with explicit_parameters they are re-encoded with explicit domain parameters.
struct SpecimenKeys {
  std::optional<std::string> csca;
  std::optional<std::string> dsc;
  std::optional<std::string> aa;           ///< Active Authentication (with_aa)
  std::optional<std::string> foreign_csca; ///< foreign_csca / foreign_country corruptions
};

struct SpecimenOptions {
  SpecimenAlgorithm algorithm = SpecimenAlgorithm::rsa_pkcs1v15;
  bool explicit_parameters = false; ///< EC keys of the CSCA and DSC with explicit domain parameters
  SpecimenHash lds_hash = SpecimenHash::sha256;       ///< LDSSecurityObject DG hashes
  SpecimenHash signature_hash = SpecimenHash::sha256; ///< SignerInfo and certificate signatures
  SignerIdForm signer_id = SignerIdForm::issuer_serial;
  UnixTime csca_not_before = 1735689600; ///< 2025-01-01
  UnixTime csca_not_after = 2051222400;  ///< 2035-01-01
  UnixTime dsc_not_before = 1748736000;  ///< 2025-06-01
  UnixTime dsc_not_after = 1938038400;   ///< 2031-06-01
  UnixTime signing_time = 1751371200;    ///< 2025-07-01T12:00:00Z, the signingTime attribute
  /// DG1's MRZ. Empty issuing state / nationality default to UTO.
  mrz::MakeInput holder = default_holder();
  bool with_aa = false; ///< DG15 (RSA-2048 for RSA algorithms, else EC on the same curve) and,
                        ///< for EC, DG14 with ActiveAuthenticationInfo (ecdsa-plain-SHA*)
  std::set<Corruption> corrupt;
  SpecimenKeys keys;

  /// ERIKSSON, ANNA MARIA of Utopia, passport L898902C3, born 1974-08-12, expires 2035-06-30.
  static mrz::MakeInput default_holder();
};

/// One output file.
struct SpecimenFile {
  std::string name; ///< e.g. `EF_SOD.bin`, `csca.pem`, `dsc.TEST-ONLY.key.pem`
  std::vector<std::uint8_t> bytes;
  bool secret = false; ///< a private key (test only; never a trust input)
};

struct Specimen {
  /// In this order: EF_COM.bin, DG1.bin, DG2.bin, [DG13.bin], [DG14.bin], [DG15.bin],
  /// EF_SOD.bin, csca.pem, dsc.pem, crl.pem, then the private keys csca.TEST-ONLY.key.pem,
  /// dsc.TEST-ONLY.key.pem, [aa.TEST-ONLY.key.pem], [foreign-csca.TEST-ONLY.key.pem].
  std::vector<SpecimenFile> files;
  std::vector<std::string> mrz_lines; ///< DG1's MRZ as written (after any corruption)

  /// The file called `name`; nullptr when absent.
  const SpecimenFile* find(std::string_view name) const noexcept;
};

/// Builds a specimen. Deterministic for a given `options` when all needed keys are given and
/// the algorithm is RSA PKCS#1 v1.5 (PSS and ECDSA signatures are randomised in OpenSSL 3.0).
/// Errors: invalid_argument (MRZ fields rejected by mrz::make, a key that does not fit the
/// algorithm, unreadable PEM, validity ending before it starts), unsupported (OpenSSL lacks
/// the curve or hash).
Result<Specimen> make_specimen(const SpecimenOptions& options);

// --- PKD specimens: a CSCA master list and ICAO PKD LDIF downloads (make_pkd_specimen) ---
//
// Utopia's PKI as the ICAO PKD publishes it (Doc 9303-12 §8; ICAO PKD LDIF collections 001,
// 002 and 003), signed with RSA-2048 PKCS#1 v1.5 / SHA-256, optionally with one deliberate
// defect that a reader must reject.

/// One deliberate defect of a PKD specimen.
enum class PkdCorruption {
  list_signature,      ///< the last byte of the master list's SignerInfo signature flipped
  list_content,        ///< certList changed after signing (a rogue CSCA of the same name added)
  signer_without_eku,  ///< the Master List Signer lacks EKU 2.23.136.1.1.3
  signer_foreign_csca, ///< the Master List Signer issued by a CSCA with the genuine name but
                       ///< another key, neither in the list nor csca.pem
  ldif_bad_base64,     ///< 001: the DSC entry's base64 broken (the CRL entry still reads)
  ldif_truncated       ///< 001: the file cut in the middle of the CRL entry's value
};

/// `list_signature`, ... (the CLI's --corrupt names).
std::string_view to_string(PkdCorruption corruption) noexcept;
/// Inverse of to_string(); nullopt when unknown.
std::optional<PkdCorruption> parse_pkd_corruption(std::string_view name) noexcept;
/// Every PKD corruption, in declaration order.
const std::vector<PkdCorruption>& all_pkd_corruptions();
/// The output files `corruption` alters, e.g. {"UT_ML.ml", "icaopkd-002-specimen.ldif"} (for
/// the default country).
std::vector<std::string> pkd_corrupted_files(PkdCorruption corruption, std::string_view country);

/// Private RSA keys to reuse, PEM. Absent keys are generated (output then differs per run).
struct PkdSpecimenKeys {
  std::optional<std::string> csca;         ///< csca.TEST-ONLY.key.pem
  std::optional<std::string> ml_signer;    ///< mlsigner.TEST-ONLY.key.pem
  std::optional<std::string> dsc;          ///< dsc.TEST-ONLY.key.pem (collection 001)
  std::optional<std::string> nc_dsc;       ///< dsc-nc.TEST-ONLY.key.pem (collection 003)
  std::optional<std::string> foreign_csca; ///< foreign-csca.TEST-ONLY.key.pem (the NL CSCA)
  std::optional<std::string> rogue_csca;   ///< rogue-csca.TEST-ONLY.key.pem (list_content,
                                           ///< signer_foreign_csca)
};

struct PkdSpecimenOptions {
  std::string country = "UT";              ///< ISO 3166-1 alpha-2 of the publishing state
  UnixTime csca_not_before = 1735689600;   ///< 2025-01-01 (CSCAs and the CRL's nextUpdate end)
  UnixTime csca_not_after = 2051222400;    ///< 2035-01-01
  UnixTime signer_not_before = 1748736000; ///< 2025-06-01 (Master List Signer and DSCs)
  UnixTime signer_not_after = 1938038400;  ///< 2031-06-01
  UnixTime signing_time = 1751371200;      ///< 2025-07-01T12:00:00Z: signingTime, CRL thisUpdate
  std::set<PkdCorruption> corrupt;
  PkdSpecimenKeys keys;
};

/// Builds a PKD specimen. Files, in this order: csca.pem (the trust anchor), mlsigner.pem,
/// dsc.pem, dsc-nc.pem, crl.pem, <C>_ML.ml (CMS SignedData, eContentType 2.23.136.1.1.2,
/// CscaMasterList v0 with the CSCA and a foreign "NL" test CSCA, signed by the embedded
/// Master List Signer), icaopkd-001-specimen.ldif (DSC and CRL), icaopkd-002-specimen.ldif
/// (the list as pkdMasterListContent), icaopkd-003-specimen.ldif (dc=nc-data: the second DSC
/// with two pkdConformanceCode/Text values), then the private keys (`secret`). With the CSCA
/// and DSC keys of a chip specimen and the same dates, csca.pem, dsc.pem and crl.pem equal
/// its own. Deterministic when every needed key is given. Errors: invalid_argument (country
/// not two letters A-Z, a validity ending before it starts, a key that is not RSA or not PEM).
Result<Specimen> make_pkd_specimen(const PkdSpecimenOptions& options);

} // namespace mrtd::chip
