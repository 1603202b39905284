// `mrtd specimen chip`: write a synthetic Utopia chip (LDS files, EF.SOD, CSCA, DSC, CRL and the
// test-only private keys) into a folder, optionally with deliberate defects (lib/chip/specimen).

#include "command.hpp"
#include "io.hpp"
#include "specimen_output.hpp"

#include "chip/specimen.hpp"
#include "core/date.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::cmd {

namespace {

/// Upper bound on a --keys PEM file.
constexpr std::size_t k_max_key = 64 * 1024;

struct Options {
  std::string out;
  std::string algorithm = "rsa";
  bool explicit_parameters = false;
  std::string hash = "sha256";
  std::string lds_hash;
  std::string sid = "issuer-serial";
  std::string signing_time;
  std::string csca_validity;
  std::string dsc_validity;
  std::string type = "td3";
  std::string code;
  std::string country;
  std::string nationality;
  std::optional<std::string> surname;
  std::optional<std::string> given_names;
  std::optional<std::string> number;
  std::optional<std::string> birth;
  std::optional<std::string> sex;
  std::optional<std::string> expiry;
  std::optional<std::string> personal_number;
  bool aa = false;
  std::vector<std::string> corrupt;
  std::string keys;
  bool force = false;
};

int fail(const std::string& message) {
  fmt::print(stderr, "mrtd specimen chip: error: {}\n", message);
  return 2;
}

/// `FROM/TO` with each side YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ.
std::optional<std::pair<UnixTime, UnixTime>> parse_period(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) {
    return std::nullopt;
  }
  const auto from = parse_instant(std::string_view(text).substr(0, slash));
  const auto to = parse_instant(std::string_view(text).substr(slash + 1));
  if (!from || !to) {
    return std::nullopt;
  }
  return std::pair{*from, *to};
}

/// Reads `DIR/name` into `key` when the file exists. Returns an error message or nullopt.
std::optional<std::string> read_key(const std::string& dir, const char* name,
                                    std::optional<std::string>& key) {
  const std::filesystem::path path = std::filesystem::path(dir) / name;
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return std::nullopt;
  }
  auto text = read_input(path.string(), k_max_key);
  if (!text) {
    return text.error().message;
  }
  key = std::move(*text);
  return std::nullopt;
}

/// Fills `options` from the command line; returns an error message or nullopt.
std::optional<std::string> to_specimen_options(const Options& o, chip::SpecimenOptions& options) {
  const auto algorithm = chip::parse_specimen_algorithm(o.algorithm);
  if (!algorithm) {
    return "unknown --algorithm '" + o.algorithm + "'";
  }
  options.algorithm = *algorithm;
  options.explicit_parameters = o.explicit_parameters;
  if (o.explicit_parameters && (*algorithm == chip::SpecimenAlgorithm::rsa_pkcs1v15 ||
                                *algorithm == chip::SpecimenAlgorithm::rsa_pss)) {
    return "--explicit-params needs an EC --algorithm";
  }
  const auto hash = chip::parse_specimen_hash(o.hash);
  const auto lds_hash = chip::parse_specimen_hash(o.lds_hash.empty() ? o.hash : o.lds_hash);
  if (!hash || !lds_hash) {
    return "unknown hash (sha1, sha224, sha256, sha384 or sha512)";
  }
  options.signature_hash = *hash;
  options.lds_hash = *lds_hash;
  options.signer_id =
      o.sid == "ski" ? chip::SignerIdForm::subject_key_id : chip::SignerIdForm::issuer_serial;
  if (!o.signing_time.empty()) {
    const auto time = parse_instant(o.signing_time);
    if (!time) {
      return "--signing-time: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ";
    }
    options.signing_time = *time;
  }
  if (!o.csca_validity.empty()) {
    const auto period = parse_period(o.csca_validity);
    if (!period) {
      return "--csca-validity: expected FROM/TO dates";
    }
    std::tie(options.csca_not_before, options.csca_not_after) = *period;
  }
  if (!o.dsc_validity.empty()) {
    const auto period = parse_period(o.dsc_validity);
    if (!period) {
      return "--dsc-validity: expected FROM/TO dates";
    }
    std::tie(options.dsc_not_before, options.dsc_not_after) = *period;
  }
  mrz::MakeInput& holder = options.holder;
  const auto format = mrz::parse_format(o.type);
  if (!format ||
      (*format != mrz::Format::td1 && *format != mrz::Format::td2 && *format != mrz::Format::td3)) {
    return "unknown --type '" + o.type + "' (td1, td2 or td3)";
  }
  if (*format != holder.format) {
    holder.format = *format;
    holder.document_code = "I"; // an identity card unless --code says otherwise
  }
  const auto set = [](std::string& field, const std::optional<std::string>& value) {
    if (value) {
      field = *value;
    }
  };
  if (!o.code.empty()) {
    holder.document_code = o.code;
  }
  if (!o.country.empty()) {
    holder.issuing_state = o.country;
  }
  if (!o.nationality.empty()) {
    holder.nationality = o.nationality;
  }
  set(holder.surname, o.surname);
  set(holder.given_names, o.given_names);
  set(holder.document_number, o.number);
  set(holder.birth_date, o.birth);
  set(holder.sex, o.sex);
  set(holder.expiry_date, o.expiry);
  set(holder.optional_data, o.personal_number);
  options.with_aa = o.aa;
  for (const std::string& name : o.corrupt) {
    const auto corruption = chip::parse_corruption(name);
    if (!corruption) {
      return "unknown --corrupt '" + name + "'";
    }
    options.corrupt.insert(*corruption);
  }
  if (!o.keys.empty()) {
    for (const auto& [name, key] :
         {std::pair{"csca.TEST-ONLY.key.pem", &options.keys.csca},
          std::pair{"dsc.TEST-ONLY.key.pem", &options.keys.dsc},
          std::pair{"aa.TEST-ONLY.key.pem", &options.keys.aa},
          std::pair{"foreign-csca.TEST-ONLY.key.pem", &options.keys.foreign_csca}}) {
      if (auto error = read_key(o.keys, name, *key)) {
        return error;
      }
    }
  }
  return std::nullopt;
}

int run(const Options& o) {
  chip::SpecimenOptions options;
  if (auto error = to_specimen_options(o, options)) {
    return fail(*error);
  }
  if (auto problem = check_output_folder(o.out, o.force)) {
    return fail(problem->message);
  }
  const auto specimen = chip::make_specimen(options);
  if (!specimen) {
    return fail(specimen.error().message);
  }
  auto files = write_specimen_files(o.out, specimen->files, o.force);
  if (!files) {
    return fail(files.error().message);
  }
  nlohmann::ordered_json summary;
  summary["out"] = o.out;
  summary["algorithm"] = std::string(chip::to_string(options.algorithm));
  summary["explicit_parameters"] = options.explicit_parameters;
  summary["hash"] = std::string(chip::to_string(options.signature_hash));
  summary["lds_hash"] = std::string(chip::to_string(options.lds_hash));
  summary["signing_time"] = to_iso_instant(options.signing_time);
  summary["mrz"] = specimen->mrz_lines;
  nlohmann::ordered_json corruptions = nlohmann::ordered_json::array();
  for (const chip::Corruption corruption : options.corrupt) {
    corruptions.push_back({{"name", std::string(chip::to_string(corruption))},
                           {"fails", std::string(chip::expected_failing_check(corruption))}});
  }
  summary["corruptions"] = corruptions;
  summary["files"] = *files;
  fmt::print("{}\n", summary.dump());
  return 0;
}

} // namespace

Command add_specimen_chip(CLI::App& specimen) {
  CLI::App* app = specimen.add_subcommand(
      "chip", "Write a synthetic Utopia chip (EF.COM, DG1, DG2, DG14/DG15, EF.SOD) with its "
              "CSCA, DSC, CRL and test-only keys into a folder");
  auto options = std::make_shared<Options>();
  Options& o = *options;
  app->add_option("--out", o.out, "output folder (created; must be empty unless --force)")
      ->required();
  app->add_option("--algorithm", o.algorithm,
                  "rsa (PKCS#1 v1.5, default), pss, p256, brainpoolP256r1 or brainpoolP384r1")
      ->check(CLI::IsMember({"rsa", "pss", "p256", "brainpoolP256r1", "brainpoolP384r1"}));
  app->add_flag("--explicit-params", o.explicit_parameters,
                "EC keys of the CSCA and DSC with explicit domain parameters");
  const auto hashes = CLI::IsMember({"sha1", "sha224", "sha256", "sha384", "sha512"});
  app->add_option("--hash", o.hash, "signature and DG hash: sha1 ... sha512 (default sha256)")
      ->check(hashes);
  app->add_option("--lds-hash", o.lds_hash, "DG hash of the LDSSecurityObject (default --hash)")
      ->check(hashes);
  app->add_option("--sid", o.sid, "SignerIdentifier: issuer-serial (default) or ski")
      ->check(CLI::IsMember({"issuer-serial", "ski"}));
  app->add_option("--signing-time", o.signing_time,
                  "signingTime attribute (default 2025-07-01T12:00:00Z)");
  app->add_option("--csca-validity", o.csca_validity,
                  "FROM/TO of the CSCA (default 2025-01-01/2035-01-01)");
  app->add_option("--dsc-validity", o.dsc_validity,
                  "FROM/TO of the DSC (default 2025-06-01/2031-06-01)");
  app->add_option("--type", o.type, "DG1 MRZ format: td3 (default), td1 or td2");
  app->add_option("--code", o.code, "document code (default P; I for td1/td2)");
  app->add_option("--country", o.country, "issuing state in DG1 (default UTO)");
  app->add_option("--nationality", o.nationality, "nationality in DG1 (default UTO)");
  app->add_option("--surname", o.surname, "primary identifier (default ERIKSSON)");
  app->add_option("--given-names", o.given_names, "secondary identifier (default ANNA MARIA)");
  app->add_option("--number", o.number, "document number (default L898902C3)");
  app->add_option("--birth", o.birth, "birth date YYYY-MM-DD (default 1974-08-12)");
  app->add_option("--sex", o.sex, "M, F or < (default F)");
  app->add_option("--expiry", o.expiry, "expiry date YYYY-MM-DD (default 2035-06-30)");
  app->add_option("--personal-number", o.personal_number,
                  "TD3 personal number / optional data (default ZE184226B)");
  app->add_flag("--aa", o.aa,
                "Active Authentication: DG15 (RSA or EC key) and, for EC, DG14 "
                "ActiveAuthenticationInfo");
  std::vector<std::string> names;
  for (const chip::Corruption corruption : chip::all_corruptions()) {
    names.emplace_back(chip::to_string(corruption));
  }
  app->add_option(
         "--corrupt", o.corrupt,
         "make one thing wrong (repeatable): " +
             [&] {
               std::string list;
               for (const std::string& name : names) {
                 list += (list.empty() ? "" : ", ") + name;
               }
               return list;
             }())
      ->check(CLI::IsMember(names));
  app->add_option("--keys", o.keys,
                  "folder with csca/dsc/aa/foreign-csca.TEST-ONLY.key.pem to reuse (reproducible "
                  "output); missing keys are generated");
  app->add_flag("--force", o.force, "write into a non-empty --out folder");
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
