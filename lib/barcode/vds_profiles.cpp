#include "barcode/detail/vds_profiles.hpp"

#include "barcode/c40.hpp"
#include "barcode/detail/utf8.hpp"
#include "core/date.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>

namespace mrtd::barcode::detail {

namespace {

constexpr std::uint16_t k_any = 0xFFFF;

// MRZ sizes (barcodes.md §1.6, P10): MRV-A 44 + first 28 of line 2, MRV-B 36 + 28, TD2 size 72.
constexpr FeatureDef mrz_def(std::uint8_t tag, std::uint8_t line, std::uint8_t stored, bool req) {
  const auto bytes = static_cast<std::uint16_t>(c40_encoded_size(stored));
  return {tag, "mrz", Coding::mrz, bytes, bytes, req, line, stored};
}

constexpr FeatureDef text(std::uint8_t tag, const char* name, bool required = true) {
  return {tag, name, Coding::utf8, 0, k_any, required};
}

constexpr FeatureDef c40(std::uint8_t tag, const char* name, std::uint16_t min, std::uint16_t max,
                         bool required = true) {
  return {tag, name, Coding::c40, min, max, required};
}

constexpr FeatureDef k_visa[] = {mrz_def(1, 44, 72, false),
                                 mrz_def(2, 36, 64, false),
                                 {3, "number_of_entries", Coding::number, 1, 1, false},
                                 {4, "duration_of_stay", Coding::duration, 3, 3, true},
                                 c40(5, "passport_number", 6, 6),
                                 {6, "visa_type", Coding::hex, 1, 4, false},
                                 {7, "additional_feature", Coding::hex, 0, 254, false}};
constexpr FeatureDef k_etd[] = {mrz_def(2, 36, 72, true)};
constexpr FeatureDef k_arrival[] = {mrz_def(2, 36, 72, true), c40(3, "azr_number", 8, 8)};
constexpr FeatureDef k_residence[] = {mrz_def(2, 36, 72, true), c40(3, "passport_number", 6, 6)};
constexpr FeatureDef k_supplementary[] = {mrz_def(4, 36, 72, true), c40(5, "sheet_number", 6, 6)};
constexpr FeatureDef k_sticker_id[] = {c40(1, "document_number", 6, 6),
                                       c40(2, "municipality_key", 6, 6), c40(3, "address", 6, 18)};
constexpr FeatureDef k_sticker_passport[] = {
    c40(1, "document_number", 6, 6), c40(2, "municipality_key", 6, 6), c40(3, "postal_code", 4, 4)};
constexpr FeatureDef k_social[] = {c40(1, "social_insurance_number", 8, 8),
                                   {2, "surname", Coding::utf8, 1, 90, true},
                                   {3, "first_name", Coding::utf8, 1, 90, true},
                                   {4, "birth_name", Coding::utf8, 1, 90, false}};
constexpr FeatureDef k_tr03171_v08[] = {{0, "profile_uuid", Coding::hex, 16, 16, true},
                                        {1, "validity_dates", Coding::hex, 1, 17, false}};
constexpr FeatureDef k_tr03171_v09[] = {{0, "profile_uuid", Coding::hex, 16, 16, true},
                                        {1, "valid_from", Coding::utf8, 8, 8, false},
                                        {2, "valid_to", Coding::utf8, 8, 8, false},
                                        text(3, "profile_uri", false),
                                        text(4, "certificate_uri", false),
                                        text(5, "status_uri", false),
                                        {6, "status_index", Coding::uint_be, 1, 8, false}};
// TR-03171 v0.8 profile 9a4223406d374ef99e2cf95e31a23846 (registration certificate,
// "Meldebescheinigung"; vdstools VdsProfileDefinitions.json).
constexpr std::array<std::uint8_t, 16> k_registration_uuid = {
    0x9a, 0x42, 0x23, 0x40, 0x6d, 0x37, 0x4e, 0xf9, 0x9e, 0x2c, 0xf9, 0x5e, 0x31, 0xa2, 0x38, 0x46};
constexpr FeatureDef k_registration[] = {{4, "surname", Coding::utf8, 1, 255, true},
                                         {5, "academic_degree", Coding::utf8, 0, 255, false},
                                         {6, "first_name", Coding::utf8, 1, 255, true},
                                         {7, "common_first_name", Coding::utf8, 0, 255, false},
                                         {8, "date_of_birth", Coding::utf8, 0, 255, false},
                                         {9, "street", Coding::utf8, 1, 255, true},
                                         {10, "house_number", Coding::utf8, 1, 10, true},
                                         {11, "postal_code", Coding::utf8, 5, 5, true},
                                         {12, "city", Coding::utf8, 1, 255, true},
                                         {13, "moving_date", Coding::utf8, 8, 8, true},
                                         {14, "housing_status", Coding::number, 1, 1, true},
                                         {15, "date_of_notification", Coding::utf8, 8, 8, true}};

// KURZ-proprietary types (kurzdigital/vds-jvm feature maps): vendor-defined, no length rules.
constexpr FeatureDef k_date_of_birth = {3, "date_of_birth", Coding::date, 3, 3, true};
constexpr FeatureDef k_kurz_etd_bio[] = {mrz_def(2, 36, 72, true),
                                         {3, "biometrics", Coding::hex, 0, k_any, false}};
constexpr FeatureDef k_kurz_antigen[] = {text(1, "surname"),
                                         text(2, "given_name"),
                                         k_date_of_birth,
                                         text(4, "residence"),
                                         c40(5, "type_of_id", 0, k_any),
                                         c40(6, "id_number", 0, k_any),
                                         text(7, "email"),
                                         text(8, "test_name"),
                                         text(9, "test_id"),
                                         text(10, "tested_disease"),
                                         text(11, "supervisor"),
                                         text(12, "company"),
                                         {13, "timestamp", Coding::timestamp, 4, 4, false},
                                         {14, "validity", Coding::number, 1, 1, true}};
constexpr FeatureDef k_kurz_vaccination[] = {text(1, "surname"),
                                             text(2, "given_name"),
                                             k_date_of_birth,
                                             text(4, "residence"),
                                             c40(5, "type_of_id", 0, k_any),
                                             c40(6, "id_number", 0, k_any),
                                             text(7, "email"),
                                             text(8, "vaccine"),
                                             c40(9, "batch_number", 0, k_any),
                                             text(10, "vaccinated_disease"),
                                             text(11, "doctor"),
                                             {12, "timestamp", Coding::timestamp, 4, 4, false}};
constexpr FeatureDef k_kurz_tax_stamp[] = {c40(1, "issuer_id", 0, k_any),
                                           c40(2, "ui_serial_number", 0, k_any),
                                           text(3, "manufacturing_place"),
                                           text(4, "manufacturing_facility"),
                                           text(5, "machine"),
                                           text(6, "product_description"),
                                           text(7, "market_of_sale"),
                                           text(8, "shipment_route"),
                                           text(9, "importer"),
                                           text(10, "link")};
constexpr FeatureDef k_kurz_pharmapack[] = {
    text(1, "product_name"),     text(2, "production_date"), text(3, "production_plant"),
    text(4, "batch_number"),     text(5, "serial_number"),   text(6, "best_before"),
    text(7, "quantity"),         text(8, "contact_name"),    text(9, "contact_street"),
    text(10, "contact_address"), text(11, "contact_phone"),  text(12, "contact_email"),
    text(13, "contact_website")};
constexpr FeatureDef k_kurz_general[] = {text(1, "label_1"), text(2, "value_1"), text(3, "label_2"),
                                         text(4, "value_2"), text(5, "label_3"), text(6, "value_3"),
                                         text(7, "label_4"), text(8, "value_4")};
constexpr FeatureDef k_kurz_vignette[] = {{1, "expiry_date", Coding::date, 3, 3, true},
                                          text(2, "license_plate"),
                                          text(3, "car_model"),
                                          text(4, "car_color"),
                                          text(5, "owner")};
constexpr FeatureDef k_kurz_etd_single[] = {text(1, "document_number"),
                                            text(2, "surname"),
                                            text(3, "given_name"),
                                            text(4, "nationality"),
                                            {5, "date_of_birth", Coding::date, 3, 3, true},
                                            text(6, "sex"),
                                            text(7, "place_of_birth"),
                                            text(8, "destination"),
                                            {9, "expiry_date", Coding::date, 3, 3, true},
                                            {10, "biometrics", Coding::hex, 0, k_any, false}};
constexpr FeatureDef k_kurz_demecan[] = {text(1, "document_number"), text(2, "name"),
                                         k_date_of_birth, text(4, "address_street"),
                                         text(5, "address_city")};
constexpr FeatureDef k_kurz_mali_wsl[] = {text(1, "unique_code"),
                                          text(2, "serial_number"),
                                          text(3, "type"),
                                          {4, "charge", Coding::uint_le, 4, 4, true},
                                          {5, "year", Coding::uint_le, 2, 2, true}};
constexpr FeatureDef k_kurz_ticket[] = {text(1, "event_title"),
                                        {2, "timestamp", Coding::timestamp, 4, 4, false},
                                        text(3, "ticket_number"),
                                        text(4, "location_name"),
                                        text(5, "seat_section"),
                                        text(6, "seat_row"),
                                        text(7, "seat_number"),
                                        text(8, "name", false),
                                        {9, "date_of_birth", Coding::date, 3, 3, false},
                                        {10, "biometrics", Coding::hex, 0, k_any, false}};
constexpr FeatureDef k_kurz_health[] = {text(1, "serial_number"),
                                        text(2, "name"),
                                        k_date_of_birth,
                                        text(4, "benefits"),
                                        text(5, "accommodation"),
                                        {6, "expiry_date", Coding::date, 3, 3, true},
                                        text(7, "service_network"),
                                        {8, "biometrics", Coding::hex, 0, k_any, false}};
constexpr FeatureDef k_kurz_school[] = {
    text(1, "student_id"), text(2, "school_name"), text(3, "surname"),
    text(4, "given_name"), text(5, "class"),       {6, "biometrics", Coding::hex, 0, k_any, false}};

constexpr ProfileDef k_profiles[] = {
    {0x5D01, "icao.visa", k_visa, true, true},
    {0x5E03, "icao.etd", k_etd, true, false},
    {0xFD02, "bsi.arrival_attestation", k_arrival, true, false},
    {0xFB06, "bsi.residence_permit", k_residence, true, false},
    {0xFA06, "bsi.supplementary_sheet", k_supplementary, true, false},
    {0xF908, "bsi.address_sticker_id_card", k_sticker_id, true, false},
    {0xF90C, "bsi.address_sticker_residence_permit", k_sticker_id, true, false},
    {0xF80A, "bsi.address_sticker_passport", k_sticker_passport, true, false},
    {0xFC04, "bsi.social_insurance_card", k_social, true, false},
    {0x01C9, "bsi.tr03171", k_tr03171_v09, false, false}, // first: the builder's default
    {0x01C8, "bsi.tr03171", k_tr03171_v08, false, false},
    {0x5F03, "kurz.etd_with_bio", k_kurz_etd_bio, false, false},
    {0x6F01, "kurz.supervised_antigen_test", k_kurz_antigen, false, false},
    {0x7001, "kurz.vaccination_certificate", k_kurz_vaccination, false, false},
    {0x7A01, "kurz.tax_stamp", k_kurz_tax_stamp, false, false},
    {0x7B01, "kurz.pharmapack", k_kurz_pharmapack, false, false},
    {0x7C01, "kurz.general_purpose", k_kurz_general, false, false},
    {0x7D01, "kurz.vehicle_vignette", k_kurz_vignette, false, false},
    {0x7E04, "kurz.etd_single_journey", k_kurz_etd_single, false, false},
    {0x7F04, "kurz.demecan_patient_id", k_kurz_demecan, false, false},
    {0x8A02, "kurz.mali_wsl", k_kurz_mali_wsl, false, false},
    {0x8B04, "kurz.ticket_demonstrator", k_kurz_ticket, false, false},
    {0x8C04, "kurz.health_insurance_card", k_kurz_health, false, false},
    {0x8D04, "kurz.school_access", k_kurz_school, false, false}};

} // namespace

std::span<const ProfileDef> vds_profile_table() {
  return k_profiles;
}

const ProfileDef* find_vds_profile(std::uint16_t document_type) {
  for (const ProfileDef& p : k_profiles) {
    if (p.document_type == document_type) {
      return &p;
    }
  }
  return nullptr;
}

// The feature table of a document type, with the TR-03171 v0.8 profile's tags when tag 0
// names it.
std::vector<const FeatureDef*> vds_feature_table(const ProfileDef& profile, ByteView uuid) {
  std::vector<const FeatureDef*> table;
  for (const FeatureDef& f : profile.features) {
    table.push_back(&f);
  }
  if (profile.document_type == 0x01C8 &&
      std::equal(uuid.begin(), uuid.end(), k_registration_uuid.begin(),
                 k_registration_uuid.end())) {
    for (const FeatureDef& f : k_registration) {
      table.push_back(&f);
    }
  }
  return table;
}

std::vector<const FeatureDef*> vds_all_features(const ProfileDef& profile) {
  return vds_feature_table(profile, k_registration_uuid); // the only UUID profile known so far
}

std::string byte_range(std::uint16_t min, std::uint16_t max) {
  if (min == max) {
    return std::to_string(min) + (min == 1 ? " byte" : " bytes");
  }
  return std::to_string(min) + " to " + std::to_string(max) + " bytes";
}

namespace {

std::string tag_name(std::uint8_t tag) {
  const std::uint8_t b[] = {tag};
  return "tag_0x" + to_hex(b);
}

// "feature 3 (azr_number)": the middle of a problem sentence.
std::string feature_label(std::uint8_t tag, const FeatureDef* def) {
  std::string s = "feature " + std::to_string(tag);
  if (def != nullptr) {
    s += std::string(" (") + def->name + ")";
  }
  return s;
}

std::uint64_t read_uint(ByteView b, bool little_endian) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    v = v << 8 | b[little_endian ? b.size() - 1 - i : i];
  }
  return v;
}

std::optional<CivilDate> read_vds_date(ByteView b) {
  const auto v = static_cast<int>(read_uint(b, false)); // MMDDYYYY as a decimal number
  const CivilDate d{v % 10000, v / 1000000, v / 10000 % 100};
  if (!is_valid_date(d.year, d.month, d.day)) {
    return std::nullopt;
  }
  return d;
}

// The text of one feature value under `def`; nullopt (with `why`) when the bytes do not hold
// what the coding promises.
std::optional<std::string> decode_value(const FeatureDef& def, ByteView v, std::string& why) {
  switch (def.coding) {
  case Coding::c40:
  case Coding::mrz: {
    auto text = c40_decode(v);
    if (!text) {
      why = "is not valid C40 (" + text.error().message + ")";
      return std::nullopt;
    }
    if (def.coding == Coding::c40) {
      return *text;
    }
    std::string mrz = *text;
    std::replace(mrz.begin(), mrz.end(), ' ', '<');
    if (mrz.size() != def.stored) {
      why = "holds " + std::to_string(mrz.size()) + " MRZ characters instead of " +
            std::to_string(def.stored);
      return std::nullopt;
    }
    std::string line2 = mrz.substr(def.line);
    line2.resize(def.line, '<'); // P10: pad the truncated second line for display
    return mrz.substr(0, def.line) + '\n' + line2;
  }
  case Coding::utf8:
    if (!is_valid_utf8(v)) {
      why = "is not valid UTF-8";
      return std::nullopt;
    }
    return std::string(v.begin(), v.end());
  case Coding::hex:
    return to_hex(v);
  case Coding::number:
    if (v.size() != 1) {
      break;
    }
    return std::to_string(v[0]);
  case Coding::duration:
    if (v.size() != 3) {
      break;
    }
    return std::to_string(v[0]) + " days, " + std::to_string(v[1]) + " months, " +
           std::to_string(v[2]) + " years";
  case Coding::date:
    if (v.size() != 3) {
      break;
    }
    if (auto d = read_vds_date(v)) {
      return to_iso(*d);
    }
    why = "is not a calendar date";
    return std::nullopt;
  case Coding::timestamp:
    if (v.size() != 4) {
      break;
    }
    return to_iso_instant(static_cast<UnixTime>(read_uint(v, false)));
  case Coding::uint_le:
    if (v.size() != def.min) {
      break;
    }
    return std::to_string(read_uint(v, true));
  case Coding::uint_be:
    if (v.empty() || v.size() > 8) {
      break;
    }
    return std::to_string(read_uint(v, false));
  }
  why = "has the wrong size for its coding";
  return std::nullopt;
}

} // namespace

VdsFeatures decode_vds_features(std::uint16_t document_type, std::span<const VdsTlv> tlvs) {
  VdsFeatures out;
  const ProfileDef* profile = find_vds_profile(document_type);
  out.profile = profile != nullptr ? profile->name : k_unknown_profile;
  if (profile == nullptr) {
    for (const VdsTlv& t : tlvs) {
      out.fields.push_back({tag_name(t.tag), to_hex(t.value), Field::Kind::hex, t.tag});
    }
    return out;
  }
  ByteView uuid;
  for (const VdsTlv& t : tlvs) {
    if (t.tag == 0) {
      uuid = t.value;
      break;
    }
  }
  const auto table = vds_feature_table(*profile, uuid);
  std::array<int, 256> seen{};
  for (const VdsTlv& t : tlvs) {
    const auto it = std::find_if(table.begin(), table.end(),
                                 [&](const FeatureDef* f) { return f->tag == t.tag; });
    const FeatureDef* def = it != table.end() ? *it : nullptr;
    if (++seen[t.tag] == 2) {
      out.problems.push_back("The " + feature_label(t.tag, def) + " appears more than once.");
    }
    if (def == nullptr) {
      if (profile->closed) {
        out.problems.push_back("The feature " + std::to_string(t.tag) + " is not defined for " +
                               out.profile + "; it is kept as hex.");
      }
      out.fields.push_back({tag_name(t.tag), to_hex(t.value), Field::Kind::hex, t.tag});
      continue;
    }
    if (t.value.size() < def->min || t.value.size() > def->max) {
      out.problems.push_back("The " + feature_label(t.tag, def) + " has " +
                             std::to_string(t.value.size()) + " bytes; " + out.profile +
                             " requires " + byte_range(def->min, def->max) + ".");
    }
    std::string why;
    if (auto value = decode_value(*def, t.value, why)) {
      const auto kind = def->coding == Coding::hex ? Field::Kind::hex : Field::Kind::text;
      if (def->coding == Coding::mrz && !out.mrz) {
        out.mrz = *value;
      }
      out.fields.push_back({def->name, std::move(*value), kind, t.tag});
    } else {
      out.problems.push_back("The " + feature_label(t.tag, def) + " " + why +
                             "; it is kept as hex.");
      out.fields.push_back({def->name, to_hex(t.value), Field::Kind::hex, t.tag});
    }
  }
  for (const FeatureDef* def : table) {
    if (def->required && seen[def->tag] == 0) {
      out.problems.push_back("The mandatory " + feature_label(def->tag, def) + " of " +
                             out.profile + " is missing.");
    }
  }
  if (profile->one_mrz) {
    if (seen[1] == 0 && seen[2] == 0) {
      out.problems.push_back("The visa has no MRZ (feature 1, MRV-A, or feature 2, MRV-B).");
    } else if (seen[1] != 0 && seen[2] != 0) {
      out.problems.push_back(
          "The visa has both an MRV-A (feature 1) and an MRV-B (feature 2) MRZ.");
    }
  }
  return out;
}

void append_der_length(Bytes& out, std::size_t length) {
  if (length < 0x80) {
    out.push_back(static_cast<std::uint8_t>(length));
    return;
  }
  std::size_t n = 0;
  for (std::size_t v = length; v != 0; v >>= 8) {
    ++n;
  }
  out.push_back(static_cast<std::uint8_t>(0x80 | n));
  for (std::size_t i = n; i-- > 0;) {
    out.push_back(static_cast<std::uint8_t>(length >> (8 * i) & 0xFF));
  }
}

} // namespace mrtd::barcode::detail
