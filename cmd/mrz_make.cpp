// `mrtd mrz make`: build a machine readable zone from the holder's data (Doc 9303 Parts 3-7).

#include "command.hpp"
#include "io.hpp"

#include "mrz/make.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mrtd::cmd {

namespace {

/// Upper bound on a --from file; a record is a few hundred bytes.
constexpr std::size_t k_max_from = 64 * 1024;

/// The JSON keys of a --from record, in the order of Options::Index.
constexpr std::array<const char*, 12> k_keys = {
    "type",   "code",  "country", "nationality", "surname",       "given_names",
    "number", "birth", "sex",     "expiry",      "optional_data", "optional_data_2"};

/// One text field of the record and the command-line option that sets it.
struct Field {
  CLI::Option* option = nullptr;
  std::string value;
};

struct Options {
  enum Index {
    type,
    code,
    country,
    nationality,
    surname,
    given_names,
    number,
    birth,
    sex,
    expiry,
    optional_data,
    optional_data_2,
    count
  };
  std::array<Field, count> fields;
  std::string long_number_filler = "exclude";
  std::string umlauts = "expand";
  std::string from;
  bool json = false;
};

static_assert(k_keys.size() == Options::count);

int fail(const std::string& message) {
  fmt::print(stderr, "mrtd mrz make: error: {}\n", message);
  return 2;
}

/// Fills the fields not given on the command line from the JSON object in `path`. Returns an
/// error message, or nullopt on success.
std::optional<std::string> read_from(const std::string& path, Options& options) {
  const std::string source = path == "-" ? "standard input" : path;
  auto text = read_input(path, k_max_from);
  if (!text) {
    return text.error().message;
  }
  nlohmann::json record;
  try {
    record = nlohmann::json::parse(*text);
  } catch (const nlohmann::json::exception& e) {
    return source + ": not JSON: " + e.what();
  }
  if (!record.is_object()) {
    return source + ": expected a JSON object";
  }
  for (const auto& [key, value] : record.items()) {
    Field* field = nullptr;
    for (std::size_t i = 0; i < k_keys.size(); ++i) {
      if (key == k_keys[i]) {
        field = &options.fields[i];
      }
    }
    if (field == nullptr) {
      return source + ": unknown key \"" + key + "\"";
    }
    if (value.is_null() || field->option->count() > 0) {
      continue; // absent, or overridden on the command line
    }
    if (!value.is_string()) {
      return source + ": key \"" + key + "\" must be a string";
    }
    field->value = value.get<std::string>();
  }
  return std::nullopt;
}

int run(Options& options) {
  if (!options.from.empty()) {
    if (auto error = read_from(options.from, options)) {
      return fail(*error);
    }
  }
  const auto& f = options.fields;
  mrz::MakeInput input;
  const std::string& type = f[Options::type].value;
  const auto format = mrz::parse_format(type.empty() ? "td3" : type);
  if (!format || *format == mrz::Format::fra_id) {
    return fail("unknown MRZ type '" + type + "' (td1, td2, td3, mrva or mrvb)");
  }
  input.format = *format;
  input.document_code = f[Options::code].value;
  input.issuing_state = f[Options::country].value;
  input.nationality = f[Options::nationality].value;
  input.surname = f[Options::surname].value;
  input.given_names = f[Options::given_names].value;
  input.document_number = f[Options::number].value;
  input.birth_date = f[Options::birth].value;
  input.sex = f[Options::sex].value;
  input.expiry_date = f[Options::expiry].value;
  input.optional_data = f[Options::optional_data].value;
  input.optional_data_2 = f[Options::optional_data_2].value;
  input.long_number_filler = options.long_number_filler == "include"
                                 ? mrz::LongNumberFiller::include
                                 : mrz::LongNumberFiller::exclude;
  input.transliteration.umlauts =
      options.umlauts == "strip" ? mrz::UmlautStyle::strip : mrz::UmlautStyle::expand;

  const auto lines = mrz::make(input);
  if (!lines) {
    return fail(lines.error().message);
  }
  std::string joined;
  for (const std::string& line : *lines) {
    joined += joined.empty() ? "" : "\n";
    joined += line;
  }
  if (options.json) {
    nlohmann::ordered_json out;
    out["format"] = mrz::to_string(input.format);
    out["lines"] = *lines;
    out["mrz"] = joined;
    fmt::print("{}\n", out.dump());
  } else {
    fmt::print("{}\n", joined);
  }
  return 0;
}

} // namespace

Command add_mrz_make(CLI::App& mrz) {
  CLI::App* app = mrz.add_subcommand(
      "make", "Build an MRZ (TD1, TD2, TD3, MRV-A, MRV-B) from the holder's data, computing "
              "check digits and transliterating names (Doc 9303)");
  auto options = std::make_shared<Options>();
  auto& f = options->fields;
  const auto add = [&](Options::Index index, const std::string& names, const std::string& help) {
    f[index].option = app->add_option(names, f[index].value, help);
  };
  add(Options::type, "--type", "td1, td2, td3 (default), mrva or mrvb");
  add(Options::code, "--code", "document code, 1-2 letters (default P, I for TD1/TD2, V)");
  add(Options::country, "--country", "issuing state: MRZ code (D, UTO) or ISO alpha-2");
  add(Options::nationality, "--nationality", "nationality: MRZ code or ISO alpha-2");
  add(Options::surname, "--surname", "primary identifier, UTF-8 as printed");
  add(Options::given_names, "--given-names", "secondary identifier, UTF-8 as printed");
  add(Options::number, "--number", "document number (TD1/TD2: over 9 characters continue)");
  add(Options::birth, "--birth", "birth date YYYY-MM-DD, or YYMMDD with << for unknown parts");
  add(Options::sex, "--sex", "M, F, X or <");
  add(Options::expiry, "--expiry", "expiry date YYYY-MM-DD or YYMMDD");
  add(Options::optional_data, "--optional-data,--personal-number",
      "optional data (TD3: personal number; TD1: line 1)");
  add(Options::optional_data_2, "--optional-data-2", "TD1 optional data on line 2");
  app->add_option("--long-number-filler", options->long_number_filler,
                  "TD1/TD2 long number check digit: exclude (default) or include the filler")
      ->check(CLI::IsMember({"exclude", "include"}));
  app->add_option("--umlauts", options->umlauts, "expand (default: AE OE UE AA) or strip (A O U A)")
      ->check(CLI::IsMember({"expand", "strip"}));
  app->add_option("--from", options->from,
                  "JSON object with keys type, code, country, nationality, surname, "
                  "given_names, number, birth, sex, expiry, optional_data, optional_data_2 "
                  "(- = stdin); options given here override it");
  app->add_flag("--json", options->json, "print {\"format\", \"lines\", \"mrz\"} as JSON");
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
