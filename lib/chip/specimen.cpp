// make_specimen(): a Utopia chip with its PKI, and the deliberate defects of Corruption.
// The parts live in specimen_lds.cpp, specimen_pki.cpp and specimen_sod.cpp.

#include "chip/specimen.hpp"

#include "chip/detail/specimen_parts.hpp"
#include "mrz/check_digit.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace mrtd::chip {

namespace {

using chip::Bytes;
using pki::detail::EvpPkeyPtr;
using pki::detail::X509Ptr;

constexpr UnixTime k_day = 86400;

// Fixed serial numbers, so that certificates are reproducible.
constexpr long k_csca_serial = 0x5C5CA001;
constexpr long k_foreign_csca_serial = 0x5C5CA0F1;
constexpr long k_dsc_serial = 0x05C00001;

struct CorruptionRow {
  Corruption corruption;
  std::string_view name;
  std::string_view check;
};

constexpr std::array<CorruptionRow, 14> k_corruptions = {{
    {Corruption::dg1_hash, "dg1_hash", "chip.dg1.hash"},
    {Corruption::dg2_hash, "dg2_hash", "chip.dg2.hash"},
    {Corruption::signature, "signature", "chip.sod.signature"},
    {Corruption::message_digest, "message_digest", "chip.sod.message_digest"},
    {Corruption::content_type_attribute, "content_type_attribute",
     "chip.sod.content_type_attribute"},
    {Corruption::no_signed_attributes, "no_signed_attributes", "chip.sod.signed_attributes"},
    {Corruption::inject_dg, "inject_dg", "chip.dg13.hash"},
    {Corruption::dsc_self_signed, "dsc_self_signed", "chip.chain"},
    {Corruption::foreign_csca, "foreign_csca", "chip.chain"},
    {Corruption::foreign_country, "foreign_country", "chip.country"},
    {Corruption::expired_dsc, "expired_dsc", "chip.time.dsc"},
    {Corruption::revoked, "revoked", "chip.revocation"},
    {Corruption::com_mismatch, "com_mismatch", "chip.com.tag_list"},
    {Corruption::mrz_check_digit, "mrz_check_digit", "chip.dg1.mrz"},
}};

const CorruptionRow& row_of(Corruption corruption) noexcept {
  return *std::find_if(k_corruptions.begin(), k_corruptions.end(),
                       [&](const CorruptionRow& row) { return row.corruption == corruption; });
}

constexpr std::array<std::pair<SpecimenAlgorithm, std::string_view>, 5> k_algorithms = {{
    {SpecimenAlgorithm::rsa_pkcs1v15, "rsa"},
    {SpecimenAlgorithm::rsa_pss, "pss"},
    {SpecimenAlgorithm::ecdsa_p256, "p256"},
    {SpecimenAlgorithm::ecdsa_brainpool_p256r1, "brainpoolP256r1"},
    {SpecimenAlgorithm::ecdsa_brainpool_p384r1, "brainpoolP384r1"},
}};

constexpr std::array<std::pair<SpecimenHash, std::string_view>, 5> k_hashes = {{
    {SpecimenHash::sha1, "sha1"},
    {SpecimenHash::sha224, "sha224"},
    {SpecimenHash::sha256, "sha256"},
    {SpecimenHash::sha384, "sha384"},
    {SpecimenHash::sha512, "sha512"},
}};

template <typename Table, typename Key> std::string_view name_in(const Table& table, Key key) {
  for (const auto& [value, name] : table) {
    if (value == key) {
      return name;
    }
  }
  return {};
}

template <typename Value, typename Table>
std::optional<Value> value_in(const Table& table, std::string_view name) {
  for (const auto& [value, known] : table) {
    if (known == name) {
      return value;
    }
  }
  return std::nullopt;
}

void set_digit(std::string& line, std::size_t at, std::optional<int> digit) {
  line[at] = static_cast<char>('0' + digit.value_or(0));
}

/// Makes the document-number check digit wrong and recomputes the composite digit, so that
/// exactly one MRZ check fails (Doc 9303-4..6 field positions).
void break_number_check_digit(std::vector<std::string>& lines, mrz::Format format) {
  std::string& number_line = format == mrz::Format::td1 ? lines[0] : lines[1];
  const std::size_t at = format == mrz::Format::td1 ? 14 : 9;
  const int digit = number_line[at] >= '0' && number_line[at] <= '9' ? number_line[at] - '0' : 0;
  number_line[at] = static_cast<char>('0' + (digit + 1) % 10);
  const std::string_view l1 = lines[0];
  if (format == mrz::Format::td3) {
    const std::string_view l2 = lines[1];
    set_digit(lines[1], 43,
              mrz::compute_check_digit({l2.substr(0, 10), l2.substr(13, 7), l2.substr(21, 22)}));
  } else if (format == mrz::Format::td2) {
    const std::string_view l2 = lines[1];
    set_digit(lines[1], 35,
              mrz::compute_check_digit({l2.substr(0, 10), l2.substr(13, 7), l2.substr(21, 14)}));
  } else if (format == mrz::Format::td1) {
    const std::string_view l2 = lines[1];
    set_digit(lines[1], 29,
              mrz::compute_check_digit(
                  {l1.substr(5, 25), l2.substr(0, 7), l2.substr(8, 7), l2.substr(18, 11)}));
  }
}

void add_file(Specimen& specimen, std::string name, Bytes bytes, bool secret = false) {
  specimen.files.push_back(SpecimenFile{std::move(name), std::move(bytes), secret});
}

Result<EvpPkeyPtr> key_for(const std::optional<std::string>& pem, const detail::KeySpec& spec,
                           const char* role) {
  return detail::load_or_generate_key(pem, spec, role);
}

} // namespace

std::string_view to_string(Corruption corruption) noexcept {
  return row_of(corruption).name;
}

std::optional<Corruption> parse_corruption(std::string_view name) noexcept {
  for (const CorruptionRow& row : k_corruptions) {
    if (row.name == name) {
      return row.corruption;
    }
  }
  return std::nullopt;
}

const std::vector<Corruption>& all_corruptions() {
  static const std::vector<Corruption> all = [] {
    std::vector<Corruption> list;
    for (const CorruptionRow& row : k_corruptions) {
      list.push_back(row.corruption);
    }
    return list;
  }();
  return all;
}

std::string_view expected_failing_check(Corruption corruption) noexcept {
  return row_of(corruption).check;
}

std::string_view to_string(SpecimenAlgorithm algorithm) noexcept {
  return name_in(k_algorithms, algorithm);
}

std::optional<SpecimenAlgorithm> parse_specimen_algorithm(std::string_view name) noexcept {
  return value_in<SpecimenAlgorithm>(k_algorithms, name);
}

std::string_view to_string(SpecimenHash hash) noexcept {
  return name_in(k_hashes, hash);
}

std::optional<SpecimenHash> parse_specimen_hash(std::string_view name) noexcept {
  return value_in<SpecimenHash>(k_hashes, name);
}

mrz::MakeInput SpecimenOptions::default_holder() {
  // The holder of ICAO's own TD3 specimen (Doc 9303-4 Appendix A), issued by Utopia.
  mrz::MakeInput input;
  input.format = mrz::Format::td3;
  input.document_code = "P";
  input.issuing_state = "UTO";
  input.nationality = "UTO";
  input.surname = "ERIKSSON";
  input.given_names = "ANNA MARIA";
  input.document_number = "L898902C3";
  input.birth_date = "1974-08-12";
  input.sex = "F";
  input.expiry_date = "2035-06-30";
  input.optional_data = "ZE184226B";
  return input;
}

const SpecimenFile* Specimen::find(std::string_view name) const noexcept {
  for (const SpecimenFile& file : files) {
    if (file.name == name) {
      return &file;
    }
  }
  return nullptr;
}

Result<Specimen> make_specimen(const SpecimenOptions& options) {
  const auto has = [&](Corruption c) { return options.corrupt.count(c) > 0; };
  if (options.csca_not_after <= options.csca_not_before ||
      options.dsc_not_after <= options.dsc_not_before) {
    return make_error(ErrorCode::invalid_argument, "a validity period ends before it starts");
  }
  Specimen specimen;

  // DG1 from the MRZ engine.
  mrz::MakeInput holder = options.holder;
  if (holder.issuing_state.empty()) {
    holder.issuing_state = "UTO";
  }
  if (holder.nationality.empty()) {
    holder.nationality = holder.issuing_state;
  }
  if (holder.format == mrz::Format::fra_id) {
    return make_error(ErrorCode::invalid_argument, "DG1: FRA-ID is not an eMRTD format");
  }
  auto lines = mrz::make(holder);
  if (!lines) {
    return make_error(ErrorCode::invalid_argument, "DG1: " + lines.error().message);
  }
  if (has(Corruption::mrz_check_digit)) {
    break_number_check_digit(*lines, holder.format);
  }
  std::map<int, Bytes> dgs;
  dgs[1] = detail::make_dg1(*lines);
  dgs[2] = detail::make_dg2(holder.sex.empty() ? '<' : holder.sex[0]);

  // Keys.
  const detail::KeySpec spec = detail::key_spec(options.algorithm, options.explicit_parameters);
  auto csca_key = key_for(options.keys.csca, spec, "CSCA");
  if (!csca_key) {
    return csca_key.error();
  }
  auto dsc_key = key_for(options.keys.dsc, spec, "DSC");
  if (!dsc_key) {
    return dsc_key.error();
  }
  const bool foreign = has(Corruption::foreign_csca) || has(Corruption::foreign_country);
  std::optional<EvpPkeyPtr> foreign_key;
  if (foreign) {
    auto key = key_for(options.keys.foreign_csca, spec, "foreign CSCA");
    if (!key) {
      return key.error();
    }
    foreign_key = std::move(*key);
  }
  std::optional<EvpPkeyPtr> aa_key;
  if (options.with_aa) {
    // The AA key is always a named curve: DG15 is read by the chip's terminal, not the PKI.
    const detail::KeySpec aa_spec{spec.rsa, spec.curve, false};
    auto key = key_for(options.keys.aa, aa_spec, "AA");
    if (!key) {
      return key.error();
    }
    aa_key = std::move(*key);
    if (!spec.rsa) {
      dgs[14] = detail::make_dg14(options.signature_hash);
    }
    auto dg15 = detail::make_dg15(aa_key->get());
    if (!dg15) {
      return dg15.error();
    }
    dgs[15] = std::move(*dg15);
  }

  // Certificates and CRL (9303-12 §7): the CSCA the specimen names as trust anchor, and the
  // issuer of the DSC (the same one unless a corruption says otherwise).
  const EVP_MD* md = detail::digest_of(options.signature_hash);
  const bool pss = options.algorithm == SpecimenAlgorithm::rsa_pss;
  const detail::Signer csca_signer{csca_key->get(), md, pss};
  const std::vector<std::pair<std::string, std::string>> utopia_csca_name = {
      {"C", "UT"}, {"O", "Government of Utopia"}, {"OU", "Passport Office"}, {"CN", "Utopia CSCA"}};
  auto csca = detail::make_certificate({utopia_csca_name, nullptr, csca_key->get(), k_csca_serial,
                                        options.csca_not_before, options.csca_not_after, true},
                                       csca_signer);
  if (!csca) {
    return csca.error();
  }
  X509Ptr anchor = std::move(*csca); // csca.pem
  X509Ptr issuer;                    // signs the DSC when it differs from the anchor
  std::optional<detail::Signer> issuer_signer;
  std::string dsc_country = "UT";
  if (foreign) {
    const bool other_state = has(Corruption::foreign_country);
    const auto name =
        other_state ? std::vector<std::pair<std::string, std::string>>{{"C", "DE"},
                                                                       {"O", "Specimen State"},
                                                                       {"CN", "Foreign CSCA"}}
                    : utopia_csca_name;
    const detail::Signer signer{foreign_key->get(), md, pss};
    auto other = detail::make_certificate({name, nullptr, foreign_key->get(), k_foreign_csca_serial,
                                           options.csca_not_before, options.csca_not_after, true},
                                          signer);
    if (!other) {
      return other.error();
    }
    if (other_state) {
      anchor = std::move(*other); // the trusted CSCA belongs to another state
      dsc_country = "DE";
    } else {
      issuer = std::move(*other); // an untrusted CSCA with the genuine name
      issuer_signer = signer;
    }
  }
  const detail::Signer anchor_signer =
      has(Corruption::foreign_country) ? detail::Signer{foreign_key->get(), md, pss} : csca_signer;

  UnixTime dsc_not_before = options.dsc_not_before;
  UnixTime dsc_not_after = options.dsc_not_after;
  if (has(Corruption::expired_dsc)) {
    // Valid when signing, expired one day later: only the check at --at fails.
    dsc_not_after = options.signing_time + k_day;
    dsc_not_before = std::min(dsc_not_before, options.signing_time - k_day);
  }
  const detail::Signer dsc_signer{dsc_key->get(), md, pss};
  X509* dsc_issuer = issuer ? issuer.get() : anchor.get();
  detail::Signer dsc_issuer_signer = issuer_signer.value_or(anchor_signer);
  if (has(Corruption::dsc_self_signed)) {
    dsc_issuer = nullptr;
    dsc_issuer_signer = dsc_signer;
  }
  auto dsc = detail::make_certificate({{{"C", dsc_country},
                                        {"O", "Government of Utopia"},
                                        {"OU", "Passport Office"},
                                        {"CN", "Utopia Document Signer 1"}},
                                       dsc_issuer,
                                       dsc_key->get(),
                                       k_dsc_serial,
                                       dsc_not_before,
                                       dsc_not_after,
                                       false},
                                      dsc_issuer_signer);
  if (!dsc) {
    return dsc.error();
  }
  const UnixTime revocation_date = std::max(dsc_not_before, options.signing_time - k_day);
  auto crl =
      detail::make_crl(anchor.get(), anchor_signer, options.signing_time, options.csca_not_after,
                       has(Corruption::revoked) ? k_dsc_serial : -1, revocation_date);
  if (!crl) {
    return crl.error();
  }

  // EF.SOD over the data groups, then the corruptions applied after signing.
  detail::SodSpec sod_spec;
  sod_spec.dgs = &dgs;
  sod_spec.lds_hash = options.lds_hash;
  sod_spec.dsc = dsc->get();
  sod_spec.signer = dsc_signer;
  sod_spec.signer_id = options.signer_id;
  sod_spec.signing_time = options.signing_time;
  sod_spec.signed_attributes = !has(Corruption::no_signed_attributes);
  sod_spec.wrong_message_digest = has(Corruption::message_digest);
  sod_spec.wrong_content_type_attribute = has(Corruption::content_type_attribute);
  sod_spec.flip_signature = has(Corruption::signature);
  auto sod = detail::make_sod(sod_spec);
  if (!sod) {
    return sod.error();
  }
  std::vector<int> listed;
  for (const auto& entry : dgs) {
    listed.push_back(entry.first);
  }
  if (has(Corruption::com_mismatch)) {
    listed.insert(std::upper_bound(listed.begin(), listed.end(), 3), 3);
  }
  if (has(Corruption::dg1_hash)) {
    // One letter of the surname (TD3/TD2 line 1 position 6; TD1 line 3 position 1): the MRZ
    // stays well-formed, only its hash changes.
    std::string& name_line = holder.format == mrz::Format::td1 ? (*lines)[2] : (*lines)[0];
    const std::size_t at = holder.format == mrz::Format::td1 ? 0 : 5;
    name_line[at] = name_line[at] == 'Z' ? 'Y' : static_cast<char>(name_line[at] + 1);
    if (name_line[at] < 'A' || name_line[at] > 'Z') {
      name_line[at] = 'X';
    }
    dgs[1] = detail::make_dg1(*lines);
  }
  if (has(Corruption::dg2_hash)) {
    // The first JPEG quantiser (after FF DB, length, table id): still a valid image.
    Bytes& dg2 = dgs[2];
    const std::array<std::uint8_t, 2> dqt = {0xFF, 0xDB};
    const auto it = std::search(dg2.begin(), dg2.end(), dqt.begin(), dqt.end());
    if (it != dg2.end() && dg2.end() - it > 5) {
      it[5] = static_cast<std::uint8_t>(it[5] + 1);
    }
  }
  if (has(Corruption::inject_dg)) {
    dgs[13] = detail::make_dg13();
  }

  add_file(specimen, "EF_COM.bin", detail::make_com(listed));
  for (const auto& [number, bytes] : dgs) {
    add_file(specimen, "DG" + std::to_string(number) + ".bin", bytes);
  }
  add_file(specimen, "EF_SOD.bin", std::move(*sod));
  add_file(specimen, "csca.pem", detail::certificate_pem(anchor.get()));
  add_file(specimen, "dsc.pem", detail::certificate_pem(dsc->get()));
  add_file(specimen, "crl.pem", detail::crl_pem(crl->get()));
  const std::array<std::pair<const char*, EVP_PKEY*>, 4> secrets = {{
      {"csca.TEST-ONLY.key.pem", csca_key->get()},
      {"dsc.TEST-ONLY.key.pem", dsc_key->get()},
      {"aa.TEST-ONLY.key.pem", aa_key ? aa_key->get() : nullptr},
      {"foreign-csca.TEST-ONLY.key.pem", foreign_key ? foreign_key->get() : nullptr},
  }};
  for (const auto& [name, key] : secrets) {
    if (key == nullptr) {
      continue;
    }
    auto pem = detail::private_key_pem(key);
    if (!pem) {
      return pem.error();
    }
    add_file(specimen, name, std::move(*pem), true);
  }
  specimen.mrz_lines = std::move(*lines);
  return specimen;
}

} // namespace mrtd::chip
