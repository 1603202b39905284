// Writes samples/documents/: complete specimen documents of Utopia made by `specimen document`'s
// library code (lib/examine/specimen), one folder per forgery — valid, forged-mrz, forged-chip,
// forged-seal, inconsistent, expired — each a passport's printed MRZ and chip files with a visa
// sticker's MRZ and seal image; trust/ (the CSCA, its CRL and the visa seal signer, the same for
// every document); documents.ndjson (the batch input of the README's demo, paths relative to the
// repository root); cases.json (the expected verdict of `mrtd examine` and the check that must
// fail); and samples/documents/MANIFEST.
// Usage: mrtd_gen_document_samples OUTPUT_DIR KEYS_DIR
//
// Reproducibility: keys are the committed tests/gen/keys/*.TEST-ONLY.key.pem (RSA chip, so its
// signatures are deterministic), and the seal's ECDSA nonce comes from a seeded counter stream
// (gen_common.hpp).

#include "core/version.hpp"
#include "examine/specimen.hpp"
#include "gen_common.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <map>

namespace {

constexpr const char* k_at = "2026-01-01";

std::string folder_of(mrtd::examine::Forgery forgery) {
  using mrtd::examine::Forgery;
  switch (forgery) {
  case Forgery::none:
    return "valid";
  case Forgery::mrz:
  case Forgery::chip:
  case Forgery::seal:
    return "forged-" + std::string(to_string(forgery));
  default:
    return std::string(to_string(forgery));
  }
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: mrtd_gen_document_samples OUTPUT_DIR KEYS_DIR\n";
    return 2;
  }
  const std::filesystem::path root = argv[1];
  const std::filesystem::path keys = argv[2];
  mrtd::gen::use_deterministic_rng();
  mrtd::examine::DocumentSpecimenOptions options;
  options.csca_key = mrtd::gen::read_file(keys / "rsa-csca.TEST-ONLY.key.pem");
  options.dsc_key = mrtd::gen::read_file(keys / "rsa-dsc.TEST-ONLY.key.pem");
  options.seal_signer_key = mrtd::gen::read_file(keys / "seal-signer-p256.TEST-ONLY.key.pem");

  std::map<std::string, std::string> files;
  nlohmann::ordered_json cases = nlohmann::ordered_json::array();
  std::string batch;
  for (const auto forgery : mrtd::examine::all_forgeries()) {
    const std::string name = folder_of(forgery);
    mrtd::gen::g_seed = "mrtd document sample " + name;
    mrtd::gen::g_counter = 0;
    options.forgery = forgery;
    auto specimen = mrtd::examine::make_document_specimen(options);
    if (!specimen) {
      std::cerr << "mrtd_gen_document_samples: " << name << ": " << specimen.error().message
                << "\n";
      return 1;
    }
    for (const auto& file : specimen->document) {
      files["documents/" + name + "/" + file.name] = std::string(file.bytes.begin(), file.bytes.end());
    }
    for (const auto& file : specimen->trust) {
      const std::string path = "documents/trust/" + file.name;
      const std::string bytes(file.bytes.begin(), file.bytes.end());
      if (const auto previous = files.find(path); previous != files.end() && previous->second != bytes) {
        std::cerr << "mrtd_gen_document_samples: " << path << " differs between documents\n";
        return 1;
      }
      files[path] = bytes;
    }
    const char* fails = mrtd::examine::expected_failing_check(forgery);
    nlohmann::ordered_json row;
    row["name"] = name;
    row["document"] = "documents/" + name;
    row["trust"] = nlohmann::ordered_json::array({"documents/trust"});
    row["at"] = k_at;
    row["verdict"] = fails == nullptr ? "valid" : "invalid";
    row["fails"] = fails == nullptr ? nlohmann::ordered_json::array()
                                    : nlohmann::ordered_json::array({fails});
    cases.push_back(row);
    batch += nlohmann::ordered_json({{"path", "samples/documents/" + name}, {"id", name}}).dump() +
             "\n";
  }
  files["documents/cases.json"] = cases.dump(2) + "\n";
  files["documents/documents.ndjson"] = batch;
  return mrtd::gen::write_samples(root, "documents", files, "mrtd_gen_document_samples",
                                  mrtd::k_version);
}
