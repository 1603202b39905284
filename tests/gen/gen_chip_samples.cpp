// Writes samples/chip/: one folder per chip specimen set (a genuine one and a forged copy with
// one corruption), samples/chip/cases.json (the expected verdict of `mrtd chip verify` and the
// check that must fail) and samples/chip/MANIFEST (SHA-256 of each file; the MRZ generator
// owns samples/MANIFEST).
// Usage: mrtd_gen_chip_samples OUTPUT_DIR KEYS_DIR
//   OUTPUT_DIR is the samples/ folder or a scratch copy; KEYS_DIR is tests/gen/keys.
//
// Reproducibility: keys are the committed tests/gen/keys/*.TEST-ONLY.key.pem, dates and
// serials are fixed, and signingTime is fixed. RSA PKCS#1 v1.5 is deterministic; RSA-PSS salts
// and ECDSA nonces come from OpenSSL's RNG, which this program (and only this program)
// replaces with a SHA-256 counter stream seeded by the set name, so every file is byte-stable.

#include "chip/specimen.hpp"
#include "core/version.hpp"
#include "gen_common.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

namespace {

using mrtd::gen::g_counter;
using mrtd::gen::g_seed;
using mrtd::gen::read_file;
using mrtd::gen::use_deterministic_rng;

using mrtd::chip::Corruption;
using mrtd::chip::SignerIdForm;
using mrtd::chip::SpecimenAlgorithm;

/// The verification time the cases assume (the DSC of expired_dsc has lapsed by then).
constexpr const char* k_at = "2026-01-01";

struct Set {
  const char* name;
  SpecimenAlgorithm algorithm;
  bool explicit_parameters;
  const char* keys; ///< file prefix in KEYS_DIR
  SignerIdForm signer_id;
  bool aa;
  Corruption forged; ///< the one defect of <name>-forged
};

constexpr Set k_sets[] = {
    {"rsa-pkcs1v15", SpecimenAlgorithm::rsa_pkcs1v15, false, "rsa", SignerIdForm::issuer_serial,
     true, Corruption::dg1_hash},
    {"rsa-pss", SpecimenAlgorithm::rsa_pss, false, "rsa", SignerIdForm::subject_key_id, false,
     Corruption::signature},
    {"ecdsa-p256", SpecimenAlgorithm::ecdsa_p256, false, "p256", SignerIdForm::issuer_serial, true,
     Corruption::dsc_self_signed},
    {"brainpoolP256r1-explicit", SpecimenAlgorithm::ecdsa_brainpool_p256r1, true, "brainpoolP256r1",
     SignerIdForm::subject_key_id, false, Corruption::inject_dg},
};


} // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: mrtd_gen_chip_samples OUTPUT_DIR KEYS_DIR\n";
    return 2;
  }
  const std::filesystem::path root = argv[1];
  const std::filesystem::path keys = argv[2];
  use_deterministic_rng();
  std::error_code ignored;
  std::filesystem::remove_all(root / "chip", ignored); // all of samples/chip/ is generated here
  std::map<std::string, std::string> files;            // path relative to samples/ -> bytes
  nlohmann::ordered_json cases = nlohmann::ordered_json::array();

  for (const Set& set : k_sets) {
    mrtd::chip::SpecimenOptions options;
    options.algorithm = set.algorithm;
    options.explicit_parameters = set.explicit_parameters;
    options.signer_id = set.signer_id;
    options.with_aa = set.aa;
    const std::string prefix = std::string(set.keys) + "-";
    for (const auto& [role, key] :
         {std::pair{"csca", &options.keys.csca}, std::pair{"dsc", &options.keys.dsc},
          std::pair{"aa", &options.keys.aa}}) {
      const auto path = keys / (prefix + role + ".TEST-ONLY.key.pem");
      if (!std::filesystem::exists(path)) {
        std::cerr << "mrtd_gen_chip_samples: missing " << path.string() << "\n";
        return 1;
      }
      *key = read_file(path);
    }
    for (const bool forged : {false, true}) {
      const std::string name = std::string(set.name) + (forged ? "-forged" : "");
      options.corrupt.clear();
      if (forged) {
        options.corrupt.insert(set.forged);
      }
      g_seed = "mrtd chip sample " + name;
      g_counter = 0;
      const auto specimen = mrtd::chip::make_specimen(options);
      if (!specimen) {
        std::cerr << "mrtd_gen_chip_samples: " << name << ": " << specimen.error().message << "\n";
        return 1;
      }
      for (const auto& file : specimen->files) {
        if (!file.secret) { // the private keys stay in tests/gen/keys
          files["chip/" + name + "/" + file.name] =
              std::string(file.bytes.begin(), file.bytes.end());
        }
      }
      nlohmann::ordered_json row;
      row["name"] = name;
      row["dir"] = "chip/" + name;
      row["algorithm"] = std::string(mrtd::chip::to_string(set.algorithm));
      row["explicit_parameters"] = set.explicit_parameters;
      row["signer_id"] = set.signer_id == SignerIdForm::subject_key_id ? "ski" : "issuer-serial";
      row["trust"] = "chip/" + name + "/csca.pem";
      row["crl"] = "chip/" + name + "/crl.pem";
      row["at"] = k_at;
      row["verdict"] = forged ? "invalid" : "valid";
      row["corruption"] =
          forged ? nlohmann::ordered_json(std::string(mrtd::chip::to_string(set.forged))) : nullptr;
      nlohmann::ordered_json fails = nlohmann::ordered_json::array();
      if (forged) {
        fails.push_back(std::string(mrtd::chip::expected_failing_check(set.forged)));
      }
      row["fails"] = fails;
      cases.push_back(row);
    }
  }
  files["chip/cases.json"] = cases.dump(2) + "\n";

  return mrtd::gen::write_samples(root, "chip", files, "mrtd_gen_chip_samples", mrtd::k_version);
}
