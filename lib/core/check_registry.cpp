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
