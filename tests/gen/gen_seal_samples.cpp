// Writes samples/seals/: a Utopia seal signer (signer/: CSCA, signer certificate, CRL), seals
// made by `seal make`'s library code from the descriptions written beside them (*.json), each
// as the payload (*.bin) and a rendering (*.png), forged copies (one byte changed after
// signing), samples/seals/cases.json (the expected verdict of `mrtd seal verify` and the checks
// that must fail) and samples/seals/MANIFEST.
// Usage: mrtd_gen_seal_samples OUTPUT_DIR KEYS_DIR
//
// Reproducibility: keys are the committed tests/gen/keys/*.TEST-ONLY.key.pem, dates and serials
// are fixed, and ECDSA nonces come from a seeded counter stream (gen_common.hpp).

#include "core/version.hpp"
#include "gen_common.hpp"
#include "render/render.hpp"
#include "seal/make.hpp"
#include "seal/specimen.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <map>

namespace {

using mrtd::gen::g_counter;
using mrtd::gen::g_seed;
using mrtd::gen::read_file;
using mrtd::gen::use_deterministic_rng;

constexpr const char* k_at = "2026-01-01";

struct Sample {
  const char* name;
  const char* description; ///< JSON, as `seal make` takes it
  std::size_t forge_at;    ///< the byte changed in <name>-forged (counted from the end), 0: none
  const char* forged_fails;
};

// The visa holder: ERIKSSON, ANNA MARIA of Utopia (mrtd mrz make --type mrva ...).
constexpr Sample k_samples[] = {
    {"vds-visa", R"({
  "format": "vds",
  "profile": "icao.visa",
  "version": 4,
  "issuing_state": "UTO",
  "issue_date": "2025-07-01",
  "signing_date": "2025-07-01",
  "fields": [
    {"name": "mrz", "value": "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F2706306<<<<<<<<<<<<<<<<"},
    {"name": "number_of_entries", "value": "2"},
    {"name": "duration_of_stay", "value": "90 days, 0 months, 0 years"},
    {"name": "passport_number", "value": "L898902C3"}
  ]
})",
     80, "seal.signature"},
    {"idb-visa", R"({
  "format": "idb",
  "issuing_state": "UTO",
  "compress": true,
  "signing_date": "2025-07-01",
  "embed_certificate": false,
  "messages": [
    {"name": "visa.mrz_mrva", "value": "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F2706306"},
    {"name": "visa.number_of_entries", "value": "2"},
    {"name": "visa.passport_number", "value": "L898902C3"}
  ]
})",
     0, ""},
    {"vdsnc-vacc", R"({
  "format": "vds_nc",
  "data": {
    "hdr": {"t": "icao.vacc", "v": 1, "is": "UTO"},
    "msg": {
      "uvci": "U32870",
      "pid": {"n": "ERIKSSON ANNA MARIA", "dob": "1974-08-12", "sex": "F", "i": "L898902C3"},
      "ve": [{"des": "XM68M6", "nam": "Specimen vaccine", "dis": "RA01.0",
              "vd": [{"dvc": "2025-06-01", "seq": 1, "ctr": "UTO", "adm": "Utopia clinic",
                      "lot": "VC35679", "dvn": "2025-07-01"}]}]
    }
  }
})",
     0, ""},
};

} // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: mrtd_gen_seal_samples OUTPUT_DIR KEYS_DIR\n";
    return 2;
  }
  const std::filesystem::path root = argv[1];
  const std::filesystem::path keys = argv[2];
  use_deterministic_rng();
  std::map<std::string, std::string> files;

  g_seed = "mrtd seal sample signer";
  g_counter = 0;
  mrtd::seal::SealSpecimenOptions options;
  options.signer_key = read_file(keys / "seal-signer-p256.TEST-ONLY.key.pem");
  options.csca_key = read_file(keys / "p256-csca.TEST-ONLY.key.pem");
  auto specimen = mrtd::seal::make_seal_specimen(options);
  if (!specimen) {
    std::cerr << "mrtd_gen_seal_samples: signer: " << specimen.error().message << "\n";
    return 1;
  }
  mrtd::seal::Signer signer;
  signer.private_key_pem.assign(options.signer_key->begin(), options.signer_key->end());
  for (const auto& file : *specimen) {
    if (file.name == "signer.der") {
      signer.certificate_der = file.bytes;
    }
    if (!file.secret) {
      files["seals/signer/" + file.name] = std::string(file.bytes.begin(), file.bytes.end());
    }
  }

  nlohmann::ordered_json cases = nlohmann::ordered_json::array();
  for (const Sample& sample : k_samples) {
    g_seed = std::string("mrtd seal sample ") + sample.name;
    g_counter = 0;
    auto made = mrtd::seal::make(sample.description, signer);
    if (!made) {
      std::cerr << "mrtd_gen_seal_samples: " << sample.name << ": " << made.error().message << "\n";
      return 1;
    }
    files["seals/" + std::string(sample.name) + ".json"] = std::string(sample.description) + "\n";
    std::vector<std::pair<std::string, mrtd::seal::Bytes>> variants = {{sample.name, made->payload}};
    if (sample.forge_at != 0) {
      auto forged = made->payload;
      forged[forged.size() - sample.forge_at] ^= 0x01;
      variants.emplace_back(std::string(sample.name) + "-forged", std::move(forged));
    }
    for (const auto& [name, payload] : variants) {
      const bool forged = name != sample.name;
      const auto symbology = made->symbology == "datamatrix" ? mrtd::render::Symbology::datamatrix
                                                             : mrtd::render::Symbology::qrcode;
      auto bitmap = mrtd::render::render(payload, symbology, mrtd::render::RenderOptions{});
      if (!bitmap) {
        std::cerr << "mrtd_gen_seal_samples: " << name << ": " << bitmap.error().message << "\n";
        return 1;
      }
      const auto png = mrtd::render::to_png(*bitmap);
      files["seals/" + name + ".bin"] = std::string(payload.begin(), payload.end());
      files["seals/" + name + ".png"] = std::string(png.begin(), png.end());
      nlohmann::ordered_json row;
      row["name"] = name;
      row["format"] = made->format;
      row["image"] = "seals/" + name + ".png";
      row["payload"] = "seals/" + name + ".bin";
      row["trust"] = nlohmann::ordered_json::array({"seals/signer"});
      row["at"] = k_at;
      row["verdict"] = forged ? "invalid" : "valid";
      nlohmann::ordered_json fails = nlohmann::ordered_json::array();
      if (forged) {
        fails.push_back(sample.forged_fails);
      }
      row["fails"] = fails;
      cases.push_back(row);
    }
  }
  files["seals/cases.json"] = cases.dump(2) + "\n";

  return mrtd::gen::write_samples(root, "seals", files, "mrtd_gen_seal_samples", mrtd::k_version);
}
