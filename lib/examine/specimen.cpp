#include "examine/specimen.hpp"

#include "mrz/make.hpp"
#include "render/render.hpp"
#include "seal/make.hpp"
#include "seal/specimen.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace mrtd::examine {

namespace {

constexpr std::array<std::string_view, 6> k_names = {"none", "mrz",          "chip",
                                                     "seal", "inconsistent", "expired"};

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

chip::SpecimenFile text_file(std::string name, const std::string& text) {
  return {std::move(name), std::vector<std::uint8_t>(text.begin(), text.end()), false};
}

const chip::SpecimenFile* find(const std::vector<chip::SpecimenFile>& files,
                               std::string_view name) {
  for (const auto& file : files) {
    if (file.name == name) {
      return &file;
    }
  }
  return nullptr;
}

std::string text_of(const chip::SpecimenFile& file) {
  return {file.bytes.begin(), file.bytes.end()};
}

// The visa's holder and passport: ours, or (inconsistent) another traveller's.
struct VisaHolder {
  const char* surname;
  const char* given_names;
  const char* passport_number;
  const char* birth_date;
  const char* sex;
  const char* visa_number;
};

constexpr VisaHolder k_holder = {"ERIKSSON", "ANNA MARIA", "L898902C3", "1974-08-12", "F",
                                 "UV0012345"};
constexpr VisaHolder k_other = {"MUSTERMANN", "ERIKA", "C01X00T47", "1964-08-12", "F",
                                "UV0054321"};

// Changes one character of the document number (TD3 line 2, column 1) without fixing its
// check digit: the alteration a careless forger makes.
void alter_document_number(std::vector<std::string>& lines) {
  char& c = lines.at(1).at(0);
  c = c == 'X' ? 'Y' : 'X';
}

} // namespace

std::string_view to_string(Forgery forgery) noexcept {
  return k_names[static_cast<std::size_t>(forgery)];
}

std::optional<Forgery> parse_forgery(std::string_view name) noexcept {
  for (std::size_t i = 0; i < k_names.size(); ++i) {
    if (k_names[i] == name) {
      return static_cast<Forgery>(i);
    }
  }
  return std::nullopt;
}

const std::vector<Forgery>& all_forgeries() {
  static const std::vector<Forgery> all = {Forgery::none, Forgery::mrz,          Forgery::chip,
                                           Forgery::seal, Forgery::inconsistent, Forgery::expired};
  return all;
}

const char* expected_failing_check(Forgery forgery) noexcept {
  switch (forgery) {
  case Forgery::none:
    return nullptr;
  case Forgery::mrz:
    return "examine.mrz";
  case Forgery::chip:
    return "examine.chip";
  case Forgery::seal:
    return "examine.seal";
  case Forgery::inconsistent:
    return "examine.cross.document_number";
  case Forgery::expired:
    return "examine.expiry";
  }
  return nullptr;
}

Result<DocumentSpecimen> make_document_specimen(const DocumentSpecimenOptions& options) {
  DocumentSpecimen out;

  // The passport: chip files and the CSCA that signs everything.
  chip::SpecimenOptions passport;
  passport.keys.csca = options.csca_key;
  passport.keys.dsc = options.dsc_key;
  if (options.forgery == Forgery::expired) {
    passport.holder.expiry_date = "2025-12-31";
  }
  if (options.forgery == Forgery::chip) {
    passport.corrupt.insert(chip::Corruption::dg1_hash);
  }
  auto chip = chip::make_specimen(passport);
  if (!chip) {
    return chip.error();
  }
  auto printed = mrz::make(passport.holder);
  if (!printed) {
    return printed.error();
  }
  if (options.forgery == Forgery::mrz) {
    alter_document_number(*printed);
  }
  out.document.push_back(text_file("mrz.txt", join(*printed) + "\n"));
  for (const char* name : {"EF_COM.bin", "DG1.bin", "DG2.bin", "EF_SOD.bin"}) {
    const auto* file = chip->find(name);
    if (file == nullptr) {
      return make_error(ErrorCode::invalid_argument, std::string("chip specimen lacks ") + name);
    }
    out.document.push_back({std::string("chip/") + name, file->bytes, false});
  }
  const auto* csca = chip->find("csca.pem");
  const auto* csca_key = chip->find("csca.TEST-ONLY.key.pem");
  const auto* dsc_key = chip->find("dsc.TEST-ONLY.key.pem");
  const auto* crl = chip->find("crl.pem");
  if (csca == nullptr || csca_key == nullptr || dsc_key == nullptr || crl == nullptr) {
    return make_error(ErrorCode::invalid_argument, "chip specimen lacks its CSCA, CRL or keys");
  }

  // The visa seal signer, issued by the same CSCA.
  seal::SealSpecimenOptions signer_options;
  signer_options.signer_key = options.seal_signer_key;
  signer_options.csca_key = text_of(*csca_key);
  signer_options.csca_certificate = text_of(*csca);
  auto signer_files = seal::make_seal_specimen(signer_options);
  if (!signer_files) {
    return signer_files.error();
  }
  const auto* signer_pem = find(*signer_files, "signer.pem");
  const auto* signer_der = find(*signer_files, "signer.der");
  const auto* signer_key = find(*signer_files, "signer.TEST-ONLY.key.pem");
  seal::Signer signer;
  if (signer_pem == nullptr || signer_der == nullptr) {
    return make_error(ErrorCode::invalid_argument, "seal specimen lacks its signer");
  }
  signer.certificate_der = signer_der->bytes;
  if (options.seal_signer_key) {
    signer.private_key_pem.assign(options.seal_signer_key->begin(), options.seal_signer_key->end());
  } else if (signer_key != nullptr) {
    signer.private_key_pem = signer_key->bytes;
  } else {
    return make_error(ErrorCode::invalid_argument, "seal specimen lacks the signer's key");
  }

  // The visa: sticker MRZ (MRV-A) and its seal.
  const VisaHolder& holder = options.forgery == Forgery::inconsistent ? k_other : k_holder;
  mrz::MakeInput visa;
  visa.format = mrz::Format::mrv_a;
  visa.document_code = "V";
  visa.issuing_state = "UTO";
  visa.nationality = "UTO";
  visa.surname = holder.surname;
  visa.given_names = holder.given_names;
  visa.document_number = holder.visa_number;
  visa.birth_date = holder.birth_date;
  visa.sex = holder.sex;
  visa.expiry_date = "2027-06-30";
  auto visa_lines = mrz::make(visa);
  if (!visa_lines) {
    return visa_lines.error();
  }
  out.document.push_back(text_file("visa-mrz.txt", join(*visa_lines) + "\n"));
  nlohmann::ordered_json description = {
      {"format", "vds"},
      {"profile", "icao.visa"},
      {"version", 4},
      {"issuing_state", "UTO"},
      {"issue_date", "2025-07-01"},
      {"signing_date", "2025-07-01"},
      {"fields",
       {{{"name", "mrz"}, {"value", join(*visa_lines)}},
        {{"name", "number_of_entries"}, {"value", "2"}},
        {{"name", "duration_of_stay"}, {"value", "90 days, 0 months, 0 years"}},
        {{"name", "passport_number"}, {"value", holder.passport_number}}}}};
  auto made = seal::make(description.dump(), signer);
  if (!made) {
    return made.error();
  }
  if (options.forgery == Forgery::seal) {
    made->payload.back() ^= 0x01; // the last byte of the signature's s
  }
  auto bitmap = render::render(made->payload, render::Symbology::datamatrix, {});
  if (!bitmap) {
    return bitmap.error();
  }
  out.document.push_back({"visa-seal.png", render::to_png(*bitmap), false});

  out.trust.push_back({"csca.pem", csca->bytes, false});
  out.trust.push_back({"crl.pem", crl->bytes, false});
  out.trust.push_back({"seal-signer.pem", signer_pem->bytes, false});
  out.keys.push_back({"csca.TEST-ONLY.key.pem", csca_key->bytes, true});
  out.keys.push_back({"dsc.TEST-ONLY.key.pem", dsc_key->bytes, true});
  out.keys.push_back({"seal-signer.TEST-ONLY.key.pem", signer.private_key_pem, true});
  return out;
}

} // namespace mrtd::examine
