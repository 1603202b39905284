// `mrtd chip verify`: Passive Authentication of eMRTD chip files (Doc 9303-11 §5.1).

#include "chip_input.hpp"
#include "command.hpp"
#include "io.hpp"
#include "output.hpp"
#include "trust_input.hpp"

#include "chip/chip.hpp"
#include "pki/trust_store.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace mrtd::cmd {

namespace {

struct Options {
  ChipInputOptions input;
  std::vector<std::string> trust;
  std::string at;
  std::string mrz;
  std::string aa_challenge;
  std::string aa_response;
  OutputOptions output;
};

std::optional<chip::Bytes> parse_hex(std::string_view text) {
  chip::Bytes out;
  int high = -1;
  for (const char c : text) {
    int v = -1;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else if (c == ' ' || c == ':' || c == '\n' || c == '\r' || c == '\t') {
      continue;
    } else {
      return std::nullopt;
    }
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(high * 16 + v));
      high = -1;
    }
  }
  if (high >= 0) {
    return std::nullopt;
  }
  return out;
}

// A value that is hex, or else the path of a file holding the raw bytes.
Result<chip::Bytes> hex_or_file(const std::string& value, const char* option) {
  if (auto bytes = parse_hex(value); bytes && !bytes->empty()) {
    return *bytes;
  }
  auto text = read_input(value, 65536);
  if (!text) {
    return make_error(ErrorCode::invalid_argument,
                      std::string(option) + ": neither hex nor a readable file: " +
                          text.error().message);
  }
  return chip::Bytes(text->begin(), text->end());
}

int run(const Options& options) {
  Printer printer(options.output);
  report::Envelope envelope{"chip verify", std::nullopt, std::nullopt, std::nullopt};
  if (!options.input.paths.empty()) {
    envelope.source = options.input.paths.front();
  } else if (!options.input.sod.empty()) {
    envelope.source = options.input.sod;
  }
  auto fail = [&](const Error& error) {
    printer.print(envelope, chip::Report{error_verdict(error), {}, false, {}, {}, {}, {}});
    return printer.exit_code();
  };

  chip::VerifyOptions verify;
  if (options.at.empty()) {
    verify.at = to_unix_time(today_utc());
  } else {
    verify.at = *parse_instant(options.at);
  }
  if (!options.mrz.empty()) {
    if (options.mrz.find('<') != std::string::npos) {
      verify.printed_mrz = options.mrz;
    } else {
      auto text = read_input(options.mrz, 4096);
      if (!text) {
        return fail(text.error());
      }
      verify.printed_mrz = *text;
    }
  }
  if (!options.aa_challenge.empty() || !options.aa_response.empty()) {
    if (options.aa_challenge.empty() || options.aa_response.empty()) {
      return fail(make_error(ErrorCode::invalid_argument,
                             "--aa-challenge and --aa-response go together"));
    }
    auto challenge = parse_hex(options.aa_challenge);
    if (!challenge || challenge->empty()) {
      return fail(make_error(ErrorCode::invalid_argument, "--aa-challenge: expected hex"));
    }
    auto response = hex_or_file(options.aa_response, "--aa-response");
    if (!response) {
      return fail(response.error());
    }
    verify.aa_challenge = std::move(*challenge);
    verify.aa_response = std::move(*response);
  }

  auto files = read_chip_files(options.input);
  if (!files) {
    return fail(files.error());
  }
  auto trust = load_trust(options.trust);
  if (!trust) {
    return fail(trust.error());
  }
  if (files->sod) {
    envelope.sha256 = sha256_hex(std::string_view(
        reinterpret_cast<const char*>(files->sod->data()), files->sod->size()));
  }
  printer.print(envelope, chip::verify(*files, *trust, verify));
  return printer.exit_code();
}

} // namespace

Command add_chip_verify(CLI::App& chip) {
  auto options = std::make_shared<Options>();
  CLI::App* app = chip.add_subcommand(
      "verify", "Passive Authentication: EF.SOD signature, data group hashes, DSC -> CSCA");
  add_chip_input_options(*app, options->input);
  app->add_option("--trust", options->trust,
                  "Trust anchors and CRLs: certificate/CRL files (DER or PEM, several per PEM) "
                  "and folders of them");
  app->add_option("--at", options->at,
                  "Verification time: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (default: now, UTC)")
      ->check([](const std::string& value) {
        return parse_instant(value) ? std::string()
                                    : "--at needs YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ";
      });
  app->add_option("--mrz", options->mrz,
                  "The printed MRZ (text holding '<', or a file) to compare with DG1");
  app->add_option("--aa-challenge", options->aa_challenge,
                  "Active Authentication: the challenge sent to the chip, hex");
  app->add_option("--aa-response", options->aa_response,
                  "Active Authentication: the chip's response, hex or a file of raw bytes");
  add_output_options(*app, options->output);
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
