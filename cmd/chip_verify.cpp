// `mrtd chip verify`: Passive Authentication of eMRTD chip files (Doc 9303-11 §5.1).

#include "batch.hpp"
#include "chip_input.hpp"
#include "command.hpp"
#include "io.hpp"
#include "ordered_workers.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "trust_input.hpp"

#include "chip/chip.hpp"
#include "pki/trust_store.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <thread>
#include <memory>

namespace mrtd::cmd {

namespace {

struct Options {
  ChipInputOptions input;
  VerifyInputs verify;
  std::string aa_challenge;
  std::string aa_response;
  bool batch = false;
  OutputOptions output;
};

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

// One batch line, examined: its rendered verdict and exit code. Runs on worker threads and
// touches nothing shared but const data and the (thread-safe) chain cache.
struct Line {
  std::string text;
  std::string source;
  long ordinal = 0;
  bool overlong = false;
};

struct Rendered {
  std::string output;
  int exit = 0;
};

Rendered examine(const Line& line, const pki::TrustStore& trust, const chip::VerifyOptions& verify,
                 chip::ChainCache& cache, const Printer& printer) {
  Rendered rendered;
  report::Envelope envelope{"chip verify", line.source, std::nullopt,
                            std::to_string(line.ordinal)};
  auto put = [&](const chip::Report& report) {
    printer.render(envelope, report, false, rendered.output);
    rendered.exit = mrtd::exit_code(report.verdict.outcome);
  };
  auto error = [&](const Error& e) {
    put(chip::Report{error_verdict(e), {}, false, {}, {}, {}, {}});
  };
  if (line.overlong) {
    error(make_error(ErrorCode::limit_exceeded, "record " + std::to_string(line.ordinal) +
                                                    ": a line longer than " +
                                                    std::to_string(k_max_line) + " bytes"));
    return rendered;
  }
  auto record = parse_record(line.text, line.ordinal);
  if (!record) {
    error(record.error());
    return rendered;
  }
  envelope.source = record->path;
  if (record->id) {
    envelope.id = record->id;
  }
  ChipInputOptions input;
  input.paths.push_back(record->path);
  auto files = read_chip_files(input);
  if (!files) {
    error(files.error());
    return rendered;
  }
  chip::VerifyOptions per_record = verify;
  if (record->mrz) {
    per_record.printed_mrz = record->mrz;
  }
  if (files->sod) {
    envelope.sha256 = sha256_hex(std::string_view(
        reinterpret_cast<const char*>(files->sod->data()), files->sod->size()));
  }
  put(chip::verify(*files, trust, per_record, &cache));
  return rendered;
}

// A chunk of batch lines and, once examined, their rendered verdicts. OrderedWorkers reuses
// chunks round-robin, so the strings keep their capacity.
struct Chunk {
  std::vector<Line> lines; ///< the first `count` belong to this chunk
  std::size_t count = 0;
  std::string output;
  int exit = 0;
};

// --batch: document folders in (NDJSON or one path per line), one verdict per line out, in
// input order. Lines go in small chunks to one worker per core, with one trust store and one
// chain cache for the whole run; memory stays bounded by the ring of chunks in flight.
int run_batch(const Options& options, const pki::TrustStore& trust,
              const chip::VerifyOptions& verify) {
  OutputOptions output = options.output;
  output.batch_layout = true;
  Printer printer(output);
  chip::ChainCache cache;
  const std::size_t threads = std::max(1U, std::thread::hardware_concurrency());
  constexpr std::size_t k_chunk = 16; // documents take ~0.1-1 ms each: small chunks balance
  OrderedWorkers<Chunk> workers(threads, threads * 2, [&](Chunk& chunk) {
    chunk.output.clear();
    chunk.exit = 0;
    for (std::size_t i = 0; i < chunk.count; ++i) {
      const Rendered rendered = examine(chunk.lines[i], trust, verify, cache, printer);
      chunk.output += rendered.output;
      chunk.exit = std::max(chunk.exit, rendered.exit);
    }
  });
  auto write = [&](Chunk& done) { printer.write(done.output, done.exit); };
  Chunk* chunk = &workers.next(write);
  chunk->count = 0;
  auto submit = [&] {
    if (chunk->count > 0) {
      workers.submit();
      chunk = &workers.next(write);
      chunk->count = 0;
    }
  };
  long ordinal = 0;
  auto process = [&](std::istream& in, const std::string& source) {
    Progress progress(&in, input_size(source));
    std::string text;
    bool overlong = false;
    LineReader lines(in);
    while (lines.next(text, overlong)) {
      if (text.empty() && !overlong) {
        continue;
      }
      if (chunk->lines.size() == chunk->count) {
        chunk->lines.emplace_back();
      }
      Line& line = chunk->lines[chunk->count++];
      line.text = text;
      line.source = source;
      line.ordinal = ++ordinal;
      line.overlong = overlong;
      progress.advance();
      if (chunk->count == k_chunk) {
        submit();
      }
    }
    submit();
    workers.finish(write); // before anything else is printed (e.g. the next input's error)
  };
  auto error = [](const Error& e) {
    return chip::Report{error_verdict(e), {}, false, {}, {}, {}, {}};
  };
  for_each_batch_input(options.input.paths, process, [&](const std::string& path) {
    printer.print(report::Envelope{"chip verify", path, std::nullopt, std::to_string(++ordinal)},
                  error(make_error(ErrorCode::unreadable,
                                   "cannot read batch input '" + path + "'")));
  });
  if (ordinal == 0) {
    printer.print(report::Envelope{"chip verify", std::nullopt, std::nullopt, std::nullopt},
                  error(make_error(ErrorCode::malformed, k_empty_batch)));
  }
  return printer.exit_code();
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
  verify.at = verification_time(options.verify);
  auto mrz = printed_mrz(options.verify);
  if (!mrz) {
    return fail(mrz.error());
  }
  verify.printed_mrz = std::move(*mrz);
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

  auto trust = load_trust(options.verify.trust);
  if (!trust) {
    return fail(trust.error());
  }
  if (options.batch) {
    return run_batch(options, *trust, verify);
  }
  auto files = read_chip_files(options.input);
  if (!files) {
    return fail(files.error());
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
  add_verify_options(*app, options->verify,
                     "The printed MRZ (text holding '<', or a file) to compare with DG1");
  app->add_option("--aa-challenge", options->aa_challenge,
                  "Active Authentication: the challenge sent to the chip, hex");
  app->add_option("--aa-response", options->aa_response,
                  "Active Authentication: the chip's response, hex or a file of raw bytes");
  app->add_flag("--batch", options->batch,
                "Read document folders from the PATHs (default stdin), one per line as a path or "
                "NDJSON {\"path\": ..., \"id\": ..., \"mrz\": ...}; one verdict per line, "
                "chain results cached per DSC");
  add_output_options(*app, options->output);
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
