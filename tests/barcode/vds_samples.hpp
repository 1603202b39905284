#pragma once

// Conformant VdsBuild samples, at least one per VDS profile: for the builder's round trips
// (vds_build_test.cpp) and make -> render -> read -> verify (tests/seal/roundtrip_test.cpp).

#include "barcode/vds.hpp"

#include <map>
#include <string>
#include <vector>

namespace mrtd::test {

using barcode::Field;
using barcode::VdsBuild;

inline Field f(const char* name, std::string value) {
  Field out;
  out.name = name;
  out.value = std::move(value);
  return out;
}

inline const std::string k_td2_mrz = "I<UTOSMITH<<JOHN<<<<<<<<<<<<<<<<<<<<\n"
                              "6525845096USA9507188M2402099<<<<<<<0";
inline const std::string k_mrvb_mrz = "VCD<<DENT<<ARTHUR<PHILIP<<<<<<<<<<<<\n"
                               "1234567XY7GBR5203116M2005250<<<<<<<<";
inline const std::string k_mrva_mrz = "VCUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                               "L898902C<3UTO6908061F9406236<<<<<<<<<<<<<<<<";

inline VdsBuild base(std::string profile, std::vector<Field> fields) {
  VdsBuild b;
  b.issuing_state = "UTO";
  b.signer_id = "UTTS";
  b.reference = "5B";
  b.issue_date = {2020, 1, 1};
  b.signing_date = {2023, 8, 21};
  b.profile = std::move(profile);
  b.fields = std::move(fields);
  return b;
}

// An arrival attestation (v4, UTTS 5B): header bytes 0..17, MRZ TLV from 18, AZR TLV after.
inline VdsBuild arrival() {
  return base("bsi.arrival_attestation", {f("mrz", k_td2_mrz), f("azr_number", "ABC123456DEF")});
}

// Profile -> sample builds (issuing state UTO, signer UTTS 5B).
inline std::map<std::string, std::vector<VdsBuild>> vds_samples() {
  std::map<std::string, std::vector<VdsBuild>> m;
  auto add = [&](VdsBuild b) { m[b.profile].push_back(std::move(b)); };
  add(base("icao.visa", {f("mrz", k_mrvb_mrz), f("number_of_entries", "2"),
                         f("duration_of_stay", "90 days, 0 months, 0 years"),
                         f("passport_number", "ABC424242"), f("visa_type", "AA"),
                         f("additional_feature", "BB")}));
  add(base("icao.visa", {f("passport_number", "47110815P"), f("mrz", k_mrva_mrz),
                         f("duration_of_stay", "0 days, 6 months, 1 years")}));
  add(base("icao.etd", {f("mrz", k_td2_mrz)}));
  add(arrival());
  add(base("bsi.residence_permit", {f("mrz", k_td2_mrz), f("passport_number", "UFO001979")}));
  add(base("bsi.supplementary_sheet", {f("mrz", k_td2_mrz), f("sheet_number", "PA0000005")}));
  const std::vector<Field> sticker = {f("document_number", "T2000AK47"),
                                      f("municipality_key", "05314000"),
                                      f("address", "53175HEINEMANNSTR11")};
  add(base("bsi.address_sticker_id_card", sticker));
  add(base("bsi.address_sticker_residence_permit", sticker));
  add(base("bsi.address_sticker_passport",
           {f("document_number", "PA5500K11"), f("municipality_key", "03359010"),
            f("postal_code", "21614")}));
  add(base("bsi.social_insurance_card",
           {f("social_insurance_number", "65170839J003"), f("surname", "Perschwei\xC3\x9F"),
            f("first_name", "Oscar"),
            f("birth_name", "J\xC3\xA2"
                            "cob")}));
  VdsBuild tr =
      base("bsi.tr03171",
           {f("profile_uuid", "AABBCCDD11223344AABBCCDD11223344"), f("valid_from", "20250101"),
            f("valid_to", "20251231"), f("profile_uri", "example.com/profiles"),
            f("certificate_uri", "example.com/certs"), f("status_uri", "example.com/status"),
            f("status_index", "424242"), f("tag_0x0A", "4D75737465726D616E6E")});
  tr.signer_id = "DEZV";
  tr.reference = "00112233445566778899AABBCCDDEEFF00112233";
  add(tr);
  tr.document_type = 0x01C8; // v0.8 with the registration-certificate profile
  tr.fields = {f("profile_uuid", "9A4223406D374EF99E2CF95E31A23846"),
               f("surname", "Muster"),
               f("first_name", "Erika"),
               f("street", "Hauptstr."),
               f("house_number", "1"),
               f("postal_code", "10969"),
               f("city", "Berlin"),
               f("moving_date", "20250414"),
               f("housing_status", "1"),
               f("date_of_notification", "20250504")};
  add(tr);
  VdsBuild unknown = base("unknown", {f("tag_0x01", "59E96B0F2D0A"), f("tag_0x02", "")});
  unknown.document_type = 0xF48F;
  add(unknown);
  add(base("kurz.etd_with_bio", {f("mrz", k_td2_mrz), f("biometrics", std::string(256, 'A'))}));
  const std::vector<Field> person = {
      f("surname", "Mustermann"), f("given_name", "Max"), f("date_of_birth", "1997-03-28"),
      f("residence", "Germany"),  f("type_of_id", "PA"),  f("id_number", "LG98GT5JR"),
      f("email", "m@example.com")};
  auto with = [](std::vector<Field> a, std::vector<Field> b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  add(base("kurz.supervised_antigen_test",
           with(person, {f("test_name", "T"), f("test_id", "W1"), f("tested_disease", "X"),
                         f("supervisor", "J"), f("company", "K"),
                         f("timestamp", "2022-01-20T10:40:00Z"), f("validity", "1")})));
  add(base("kurz.vaccination_certificate",
           with(person, {f("vaccine", "V"), f("batch_number", "A2021041456"),
                         f("vaccinated_disease", "X"), f("doctor", "Dr. D")})));
  add(base("kurz.tax_stamp",
           {f("issuer_id", "WAAK"), f("ui_serial_number", "A348948923U"),
            f("manufacturing_place", "G"), f("manufacturing_facility", "S"),
            f("machine", "LM523"), f("product_description", "P"), f("market_of_sale", "M"),
            f("shipment_route", "by air"), f("importer", "I"), f("link", "t1p.de/0w8z")}));
  std::vector<Field> pharma;
  for (const char* n :
       {"product_name", "production_date", "production_plant", "batch_number", "serial_number",
        "best_before", "quantity", "contact_name", "contact_street", "contact_address",
        "contact_phone", "contact_email", "contact_website"}) {
    pharma.push_back(f(n, std::string("v ") + n));
  }
  add(base("kurz.pharmapack", pharma));
  add(base("kurz.general_purpose",
           {f("label_1", "a"), f("value_1", "b"), f("label_2", "c"), f("value_2", "d"),
            f("label_3", "e"), f("value_3", "f"), f("label_4", ""), f("value_4", "")}));
  add(base("kurz.vehicle_vignette",
           {f("expiry_date", "2024-03-01"), f("license_plate", "OVD 123 KD"),
            f("car_model", "Ford Ranger"), f("car_color", "White"), f("owner", "T S")}));
  add(base("kurz.etd_single_journey",
           {f("document_number", "652584509"), f("surname", "Smith"), f("given_name", "John"),
            f("nationality", "USA"), f("date_of_birth", "1995-07-18"), f("sex", "M"),
            f("place_of_birth", "F\xC3\xBCrth"), f("destination", "Utopia"),
            f("expiry_date", "2024-07-18"), f("biometrics", "00010203040506070809")}));
  add(base("kurz.demecan_patient_id",
           {f("document_number", "UTO-012345"), f("name", "Sample Pia Angela"),
            f("date_of_birth", "1995-06-12"), f("address_street", "S"),
            f("address_city", "C")}));
  add(base("kurz.mali_wsl", {f("unique_code", "QUAEM6DEE4EO"), f("serial_number", "013210"),
                             f("type", "V/2"), f("charge", "9000"), f("year", "2024")}));
  add(base("kurz.ticket_demonstrator",
           {f("event_title", "Scorpions"), f("timestamp", "2024-06-01T17:00:00Z"),
            f("ticket_number", "002359"), f("location_name", "Q"), f("seat_section", "113"),
            f("seat_row", "AK"), f("seat_number", "45")}));
  add(base("kurz.health_insurance_card",
           {f("serial_number", "652584509"), f("name", "C A"), f("date_of_birth", "1989-02-23"),
            f("benefits", "B"), f("accommodation", "A"), f("expiry_date", "2026-07-10"),
            f("service_network", "SP")}));
  add(base("kurz.school_access",
           {f("student_id", "652584509"), f("school_name", "E"), f("surname", "Smith"),
            f("given_name", "John"), f("class", "3 F"),
            f("biometrics", "5B" + std::string(300, '0'))}));
  return m;
}

} // namespace mrtd::test
