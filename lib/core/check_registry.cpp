#include "core/check_registry.hpp"

namespace mrtd {

namespace {

using enum CheckId;

// The one table of check ids (like ccache's statistics table). Order = CheckId order;
// the static_assert and the loop in check_info() keep them together.
constexpr std::array<CheckInfo, static_cast<std::size_t>(CheckId::count_)> k_registry = {{
    {mrz_structure_line_length, "mrz.structure.line_length",
     "Line count and line lengths match the MRZ format", "9303-3 §4.2; 9303-4..7 §4"},
    {mrz_structure_alphabet, "mrz.structure.alphabet", "Only A-Z, 0-9 and the filler < appear",
     "9303-3 §4.3"},
    {mrz_document_code, "mrz.document_code",
     "Document code is allowed for the format (P for TD3, A/C/I for TD1/TD2, V for visas)",
     "9303-4..7 §4.2 (document code)"},
    {mrz_issuing_state, "mrz.issuing_state",
     "Issuing state is an ISO 3166-1 alpha-3 code or an ICAO code", "9303-3 §5"},
    {mrz_nationality, "mrz.nationality",
     "Nationality is an ISO 3166-1 alpha-3 code or an ICAO code", "9303-3 §5"},
    {mrz_specimen, "mrz.specimen", "The document is not an ICAO specimen (issuing state UTO)",
     "9303-3 §5 (Utopia)"},
    {mrz_document_number, "mrz.document_number",
     "Document number is present, not led by a filler; long numbers overflow correctly",
     "9303-5 §4.2.2 note j; 9303-6 §4.2.2"},
    {mrz_check_digit_document_number, "mrz.check_digit.document_number",
     "Check digit over the document number", "9303-3 §4.9"},
    {mrz_birth_date_calendar, "mrz.birth_date.calendar",
     "Date of birth is YYMMDD and a real calendar day (unknown parts as <)", "9303-3 §4.8"},
    {mrz_check_digit_birth_date, "mrz.check_digit.birth_date", "Check digit over the date of birth",
     "9303-3 §4.9"},
    {mrz_sex, "mrz.sex", "Sex is M, F or < (X is VIZ-only)", "9303-4..7 §4.2 (sex)"},
    {mrz_expiry_date_calendar, "mrz.expiry_date.calendar",
     "Date of expiry is YYMMDD and a real calendar day", "9303-3 §4.8"},
    {mrz_check_digit_expiry_date, "mrz.check_digit.expiry_date",
     "Check digit over the date of expiry", "9303-3 §4.9"},
    {mrz_expiry_date_unexpired, "mrz.expiry_date.unexpired",
     "The document has not expired at the reference date", "9303-3 §4.8"},
    {mrz_dates_order, "mrz.dates.order", "Date of birth lies before the date of expiry",
     "9303-3 §4.8"},
    {mrz_check_digit_personal_number, "mrz.check_digit.personal_number",
     "Check digit over the TD3 personal number (< allowed only when the field is empty)",
     "9303-4 §4.2.2"},
    {mrz_check_digit_composite, "mrz.check_digit.composite",
     "Composite check digit over the covered fields", "9303-3 §4.9; 9303-4..6 §4.2.2"},
    {mrz_name_characters, "mrz.name.characters", "Name field holds only A-Z and <", "9303-3 §4.6"},
    {mrz_name_structure, "mrz.name.structure",
     "Primary identifier first, << before the secondary identifier, single < between parts",
     "9303-3 §4.6"},
    {mrz_name_truncation, "mrz.name.truncation",
     "Name field ends in fillers (a full field may be truncated)", "9303-4..7 §4.2 (name)"},
    {mrz_fillers, "mrz.fillers",
     "Fillers pad fields on the right only (codes, document number, optional data)", "9303-3 §4.3"},
    {mrz_repair, "mrz.repair",
     "OCR-confusion repairs applied (--repair), each confirmed by a "
     "check digit",
     "9303-3 §4.9"},
    {chip_sod_structure, "chip.sod.structure",
     "EF.SOD is 0x77 around a CMS ContentInfo of SignedData holding one SignerInfo; nothing trails the TLV",
     "9303-10 §4.6.2; RFC 5652 §5"},
    {chip_sod_content_type, "chip.sod.content_type",
     "eContentType is id-icao-mrtd-security-ldsSecurityObject (legacy OIDs and id-data: warn)",
     "9303-10 §4.6.2.2"},
    {chip_sod_lds_security_object, "chip.sod.lds_security_object",
     "LDSSecurityObject is v0 or v1 (v1 with LDSVersionInfo) with a supported hash algorithm",
     "9303-10 §4.6.2.2"},
    {chip_sod_signed_attributes, "chip.sod.signed_attributes",
     "SignerInfo carries signedAttrs with exactly one contentType and one messageDigest",
     "RFC 5652 §5.3; 9303-10 §4.6.2"},
    {chip_sod_content_type_attribute, "chip.sod.content_type_attribute",
     "The contentType signed attribute equals eContentType",
     "RFC 5652 §11.1"},
    {chip_sod_message_digest, "chip.sod.message_digest",
     "The messageDigest signed attribute is the hash of eContent (SignerInfo digestAlgorithm)",
     "RFC 5652 §11.2"},
    {chip_sod_signature, "chip.sod.signature",
     "The SignerInfo signature over the signed attributes verifies with the signer's key and the algorithm the SignerInfo names",
     "9303-11 §5.1; RFC 5652 §5.6"},
    {chip_signer_certificate, "chip.signer.certificate",
     "The SignerIdentifier matches the embedded DSC or a DSC in the trust store",
     "9303-11 §5.1; RFC 5652 §5.3"},
    {chip_dsc_profile, "chip.dsc.profile",
     "The DSC is an end-entity certificate with digitalSignature key usage",
     "9303-12 §7.1.1"},
    {chip_chain, "chip.chain",
     "The DSC is signed by a CSCA or link certificate of the trust store (only CA certificates are anchors)",
     "9303-12 §4, §7"},
    {chip_revocation, "chip.revocation",
     "The DSC is not revoked by a CRL verified with its CSCA's key (no CRL: warn)",
     "9303-12 §7.1.4; RFC 5280 §6.3"},
    {chip_time_dsc, "chip.time.dsc",
     "The DSC is valid at the verification time (--at)",
     "9303-12 §7.1.1; RFC 5280 §4.1.2.5"},
    {chip_time_csca, "chip.time.csca",
     "The CSCA the chain ends in is valid at the verification time (--at)",
     "9303-12 §7.1.1; RFC 5280 §4.1.2.5"},
    {chip_time_signing, "chip.time.signing",
     "The signingTime attribute, when present, lies within the DSC's validity",
     "RFC 5652 §11.3"},
    {chip_country, "chip.country",
     "CSCA country = DSC issuer country = DG1 issuing state",
     "9303-12 §7.1.1; 9303-3 §5"},
    {chip_com_tag_list, "chip.com.tag_list",
     "EF.COM's tag list names the same data groups as the SOD",
     "9303-10 §4.6.1"},
    {chip_dg1_hash, "chip.dg1.hash",
     "DG1 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg2_hash, "chip.dg2.hash",
     "DG2 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg3_hash, "chip.dg3.hash",
     "DG3 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg4_hash, "chip.dg4.hash",
     "DG4 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg5_hash, "chip.dg5.hash",
     "DG5 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg6_hash, "chip.dg6.hash",
     "DG6 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg7_hash, "chip.dg7.hash",
     "DG7 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg8_hash, "chip.dg8.hash",
     "DG8 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg9_hash, "chip.dg9.hash",
     "DG9 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg10_hash, "chip.dg10.hash",
     "DG10 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg11_hash, "chip.dg11.hash",
     "DG11 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg12_hash, "chip.dg12.hash",
     "DG12 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg13_hash, "chip.dg13.hash",
     "DG13 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg14_hash, "chip.dg14.hash",
     "DG14 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg15_hash, "chip.dg15.hash",
     "DG15 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg16_hash, "chip.dg16.hash",
     "DG16 is listed in the SOD and its hash (LDS hash algorithm) matches",
     "9303-10 §4.6.2; 9303-11 §5.1"},
    {chip_dg1_mrz, "chip.dg1.mrz",
     "DG1's MRZ passes the MRZ engine's checks",
     "9303-10 §4.7.1; 9303-3..7"},
    {chip_mrz_match, "chip.mrz.match",
     "The printed MRZ (--mrz) equals DG1's MRZ",
     "9303-11 §5.1"},
    {chip_active_authentication, "chip.active_authentication",
     "The Active Authentication response verifies with DG15's key (ISO/IEC 9796-2 scheme 1 or ECDSA)",
     "9303-11 §6.1"},
    {chip_chip_authentication, "chip.chip_authentication",
     "DG14 (Chip Authentication keys) is covered by the SOD; the protocol itself needs a live chip",
     "9303-11 §6.2"},
}};

constexpr bool registry_in_order() {
  for (std::size_t i = 0; i < k_registry.size(); ++i) {
    if (static_cast<std::size_t>(k_registry[i].id) != i) {
      return false;
    }
  }
  return true;
}
static_assert(registry_in_order(), "check registry rows must follow CheckId order");

} // namespace

const std::array<CheckInfo, static_cast<std::size_t>(CheckId::count_)>& check_registry() noexcept {
  return k_registry;
}

const CheckInfo& check_info(CheckId id) noexcept {
  return k_registry[static_cast<std::size_t>(id)];
}

std::string_view check_name(CheckId id) noexcept {
  return check_info(id).name;
}

std::optional<CheckId> find_check(std::string_view name) noexcept {
  for (const auto& row : k_registry) {
    if (row.name == name) {
      return row.id;
    }
  }
  return std::nullopt;
}

} // namespace mrtd
