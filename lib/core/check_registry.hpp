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
  count_ ///< not a check: the number of ids
};

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
