#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace mrtd {

/// Every check mrtd can report. The string ids in the registry below are stable once
/// released; `schemas/verdict.schema.json` lists them and a test keeps the two in step.
enum class CheckId {
  // MRZ, ICAO Doc 9303 Parts 3-7
  mrz_structure_line_length,
  mrz_structure_alphabet,
  mrz_document_code,
  mrz_issuing_state,
  mrz_nationality,
  mrz_specimen,
  mrz_document_number,
  mrz_check_digit_document_number,
  mrz_birth_date_calendar,
  mrz_check_digit_birth_date,
  mrz_sex,
  mrz_expiry_date_calendar,
  mrz_check_digit_expiry_date,
  mrz_expiry_date_unexpired,
  mrz_dates_order,
  mrz_check_digit_personal_number,
  mrz_check_digit_composite,
  mrz_name_characters,
  mrz_name_structure,
  mrz_name_truncation,
  mrz_fillers,
  mrz_repair,
  // Chip Passive Authentication, ICAO Doc 9303 Parts 10-12
  chip_sod_structure,
  chip_sod_content_type,
  chip_sod_lds_security_object,
  chip_sod_signed_attributes,
  chip_sod_content_type_attribute,
  chip_sod_message_digest,
  chip_sod_signature,
  chip_signer_certificate,
  chip_dsc_profile,
  chip_chain,
  chip_revocation,
  chip_time_dsc,
  chip_time_csca,
  chip_time_signing,
  chip_country,
  chip_com_tag_list,
  chip_dg1_hash,
  chip_dg2_hash,
  chip_dg3_hash,
  chip_dg4_hash,
  chip_dg5_hash,
  chip_dg6_hash,
  chip_dg7_hash,
  chip_dg8_hash,
  chip_dg9_hash,
  chip_dg10_hash,
  chip_dg11_hash,
  chip_dg12_hash,
  chip_dg13_hash,
  chip_dg14_hash,
  chip_dg15_hash,
  chip_dg16_hash,
  chip_dg1_mrz,
  chip_mrz_match,
  chip_active_authentication,
  chip_chip_authentication,
  // Certificate profile lint (`pki lint`), ICAO Doc 9303-12 §7.1
  pki_lint_version,
  pki_lint_serial,
  pki_lint_signature_algorithm,
  pki_lint_key_size,
  pki_lint_key_usage,
  pki_lint_basic_constraints,
  pki_lint_ski,
  pki_lint_aki,
  pki_lint_validity,
  pki_lint_country,
  pki_lint_issuer_subject,
  pki_lint_extensions,
  pki_lint_crl_distribution_points,
  pki_lint_alt_names,
  pki_lint_document_type_list,
  pki_lint_time,
  // Barcodes and seals, ICAO Doc 9303-13 (VDS), VDS-NC, IDB, EU DCC
  barcode_found,
  seal_payload_structure,
  seal_payload_conformance,
  seal_dates,
  seal_features,
  seal_mrz,
  seal_mrz_match,
  seal_signature,
  seal_signer_certificate,
  seal_signer_profile,
  seal_chain,
  seal_revocation,
  seal_time_signer,
  seal_time_csca,
  seal_time_signing,
  seal_country,
  // `mrtd examine`: one document from every source, cross-checked
  examine_items,
  examine_mrz,
  examine_visa_mrz,
  examine_chip,
  examine_seal,
  examine_cross_document_number,
  examine_cross_name,
  examine_cross_birth_date,
  examine_cross_sex,
  examine_cross_nationality,
  examine_cross_issuing_state,
  examine_cross_expiry_date,
  examine_expiry,
  count_ ///< not a check: the number of ids
};

/// The MRZ checks are the first ids, up to (not including) the first chip check; an MRZ verdict
/// with data reports each of them once.
inline constexpr std::size_t k_mrz_check_count = static_cast<std::size_t>(CheckId::chip_sod_structure);

/// One row of the registry: the stable dotted id, a one-line description, and the clause
/// of the standard it implements.
struct CheckInfo {
  CheckId id;
  std::string_view name;
  std::string_view description;
  std::string_view clause;
};

/// The whole registry, in CheckId order.
const std::array<CheckInfo, static_cast<std::size_t>(CheckId::count_)>& check_registry() noexcept;

/// The registry row of `id`.
const CheckInfo& check_info(CheckId id) noexcept;

/// The stable dotted id of `id`, e.g. `mrz.check_digit.document_number`.
std::string_view check_name(CheckId id) noexcept;

/// Looks a dotted id up; nullopt when unknown.
std::optional<CheckId> find_check(std::string_view name) noexcept;

} // namespace mrtd
