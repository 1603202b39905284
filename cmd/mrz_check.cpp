// `mrtd mrz check`: validate machine readable zones (Doc 9303 Parts 3-7).

#include "batch.hpp"
#include "command.hpp"
#include "io.hpp"
#include "ordered_workers.hpp"
#include "output.hpp"
#include "progress.hpp"

#include "core/flat_json.hpp"
#include "mrz/mrz.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

namespace mrtd::cmd {

namespace {

struct Options {
  std::vector<std::string> inputs;
  std::string format_hint;
  std::string at;
  bool repair = false;
  bool normalize = false;
  bool require_unexpired = false;
  bool batch = false;
  OutputOptions output;
};

// A positional argument holding `<` is MRZ text (every MRZ has fillers); otherwise a path.
bool looks_like_mrz_text(const std::string& arg) {
  return arg.find('<') != std::string::npos || arg.find("\xc2\xab") != std::string::npos;
}

// One batch record as read: an NDJSON line or the lines of a plain record.
struct MrzRecord {
  std::string text;
  bool json = false;
  long ordinal = 0;
  bool overlong = false; ///< a line over k_max_line bytes: not examined
};

// A chunk of batch records and, once examined, their rendered verdicts. OrderedWorkers reuses
// chunks round-robin, so the strings and vectors keep their capacity.
struct Chunk {
  std::vector<MrzRecord> records; ///< the first `count` belong to this chunk
  std::size_t count = 0;
  bool first = false; ///< holds the run's first record
  std::string output;
  int exit = 0;
};

mrz::Report not_a_record(long ordinal) {
  return mrz::Report{error_verdict(make_error(ErrorCode::malformed,
                                              "record " + std::to_string(ordinal) +
                                                  ": not a JSON object with a string \"mrz\"")),
                     std::nullopt};
}

// Examines one record; sets the envelope's id from an NDJSON record's "id".
mrz::Report examine(const MrzRecord& record, const mrz::CheckOptions& check,
                    report::Envelope& envelope, mrz::Report&& previous) {
  if (record.overlong) {
    return mrz::Report{
        error_verdict(make_error(ErrorCode::limit_exceeded,
                                 "record " + std::to_string(record.ordinal) +
                                     ": a line longer than the " + std::to_string(k_max_line) +
                                     "-byte limit of batch input")),
        std::nullopt};
  }
  if (!record.json) {
    return mrz::check(record.text, check, std::move(previous));
  }
  if (auto members = parse_flat_object(record.text)) {
    // The common shape, without a DOM: {"mrz": "...", "id": ...}.
    const FlatMember* mrz = nullptr;
    for (const auto& member : *members) {
      if (member.key == "mrz" && member.kind == FlatMember::Kind::string) {
        mrz = &member;
      } else if (member.key == "id") {
        envelope.id = member.value;
      }
    }
    return mrz ? mrz::check(mrz->value, check, std::move(previous)) : not_a_record(record.ordinal);
  }
  auto object = nlohmann::json::parse(record.text, nullptr, false);
  if (object.is_object() && object.contains("id")) {
    const auto& id = object["id"];
    envelope.id = id.is_string() ? id.get<std::string>() : id.dump();
  }
  if (object.is_discarded() || !object.is_object() || !object.contains("mrz") ||
      !object["mrz"].is_string()) {
    return not_a_record(record.ordinal);
  }
  return mrz::check(object["mrz"].get_ref<const std::string&>(), check);
}

// Examines and renders a chunk of records (runs on a worker thread; touches nothing shared
// but const data).
void process_chunk(Chunk& chunk, const std::string& source, const mrz::CheckOptions& check,
                   const Printer& printer) {
  chunk.output.clear();
  chunk.output.reserve(chunk.count * 4096); // a JSON verdict is ~3.3 KB: no regrowth
  chunk.exit = 0;
  report::Envelope envelope{"mrz check", source, std::nullopt, std::nullopt};
  mrz::Report spare; // the previous record's report, whose storage check() reuses
  for (std::size_t i = 0; i < chunk.count; ++i) {
    const MrzRecord& record = chunk.records[i];
    envelope.id = std::to_string(record.ordinal); // or the record's own id, set by examine()
    mrz::Report report = examine(record, check, envelope, std::move(spare));
    printer.render(envelope, report, chunk.first && chunk.output.empty(), chunk.output);
    chunk.exit = std::max(chunk.exit, mrtd::exit_code(report.verdict.outcome));
    spare.verdict.checks = std::move(report.verdict.checks); // what check() reuses
  }
}

// Streams records from one input: NDJSON lines {"mrz": "...", "id": ...} or plain MRZ lines
// with a blank line between records. Records go in chunks to worker threads (one per core);
// output keeps input order. Memory stays bounded: a fixed ring of chunks is in flight.
void run_batch_stream(std::istream& in, const std::string& source, const mrz::CheckOptions& check,
                      Printer& printer, long& ordinal) {
  Progress progress(&in, input_size(source));
  constexpr std::size_t k_chunk = 512;
  const std::size_t threads = std::max(1U, std::thread::hardware_concurrency());
  OrderedWorkers<Chunk> workers(threads, threads * 2, [&](Chunk& chunk) {
    process_chunk(chunk, source, check, printer);
  });
  auto write = [&](Chunk& done) { printer.write(done.output, done.exit); };
  Chunk* chunk = &workers.next(write);
  chunk->count = 0;
  bool first = ordinal == 0;

  auto submit = [&] {
    if (chunk->count == 0) {
      return;
    }
    chunk->first = first;
    first = false;
    workers.submit();
    chunk = &workers.next(write);
    chunk->count = 0;
  };
  auto add = [&](std::string_view text, bool json, bool too_long = false) {
    if (chunk->records.size() == chunk->count) {
      chunk->records.emplace_back();
    }
    MrzRecord& record = chunk->records[chunk->count++];
    record.text.assign(text);
    record.json = json;
    record.ordinal = ++ordinal;
    record.overlong = too_long;
    progress.advance();
    if (chunk->count >= k_chunk) {
      submit();
    }
  };

  std::string line;
  std::string record;
  bool oversize = false;
  bool overlong = false;
  auto flush_plain = [&] {
    if (!record.empty() || oversize) { // an oversize record may have kept nothing
      if (oversize) {
        record.resize(mrz::k_max_input + 1, '<'); // check() reports limit_exceeded
      }
      add(record, false);
      record.clear();
      oversize = false;
    }
  };
  LineReader lines(in);
  while (lines.next(line, overlong)) {
    if (overlong) {
      // Dropped bytes: the record cannot be examined, so it is reported as an error in place.
      flush_plain();
      add({}, false, true);
      continue;
    }
    if (line.empty()) {
      flush_plain();
    } else if (line[0] == '{') {
      flush_plain();
      add(line, true);
    } else if (record.size() + line.size() > mrz::k_max_input) {
      oversize = true;
      record.resize(std::min(record.size(), mrz::k_max_input));
    } else {
      record += line;
      record += '\n';
    }
  }
  flush_plain();
  submit();
  workers.finish(write);
}

int run(const Options& options) {
  mrz::CheckOptions check;
  if (!options.format_hint.empty()) {
    check.format_hint = mrz::parse_format(options.format_hint);
  }
  check.reference_date = options.at.empty() ? today_utc() : *parse_iso_date(options.at);
  check.repair = options.repair ? mrz::RepairOcr::yes : mrz::RepairOcr::no;
  check.normalize = options.normalize ? mrz::Normalize::yes : mrz::Normalize::no;
  check.require_unexpired =
      options.require_unexpired ? mrz::RequireUnexpired::yes : mrz::RequireUnexpired::no;

  OutputOptions output = options.output;
  output.batch_layout = options.batch || options.inputs.size() > 1;
  Printer printer(output);

  if (options.batch) {
    long ordinal = 0;
    const std::vector<std::string> inputs =
        options.inputs.empty() ? std::vector<std::string>{"-"} : options.inputs;
    for (const auto& path : inputs) {
      if (path == "-") {
        run_batch_stream(std::cin, "-", check, printer, ordinal);
        continue;
      }
      std::error_code ec;
      std::ifstream in(path, std::ios::binary);
      if (!in || std::filesystem::is_directory(path, ec)) {
        ++ordinal;
        auto content = read_input(path, 0); // for its message: missing, folder, unreadable
        printer.print(report::Envelope{"mrz check", path, std::nullopt, std::to_string(ordinal)},
                      mrz::Report{error_verdict(content ? make_error(ErrorCode::unreadable,
                                                                     "cannot read '" + path + "'")
                                                        : content.error()),
                                  std::nullopt});
        continue;
      }
      run_batch_stream(in, path, check, printer, ordinal);
    }
    if (ordinal == 0) { // an empty batch is an input error, never a silent pass
      printer.print(report::Envelope{"mrz check", std::nullopt, std::nullopt, std::nullopt},
                    mrz::Report{error_verdict(make_error(ErrorCode::malformed,
                                                         "no records in the batch input")),
                                std::nullopt});
    }
    return printer.exit_code();
  }

  int argument = 0;
  for (const auto& input : options.inputs) {
    ++argument;
    report::Envelope envelope{"mrz check", std::nullopt, std::nullopt, std::nullopt};
    Result<std::string> text = std::string();
    if (input != "-" && looks_like_mrz_text(input)) {
      envelope.source = "argument " + std::to_string(argument);
      text = input;
    } else {
      envelope.source = input;
      // Room for a little more than one MRZ so that check() itself reports oversize input.
      text = read_input(input, mrz::k_max_input + 1);
    }
    if (!text) {
      printer.print(envelope, mrz::Report{error_verdict(text.error()), std::nullopt});
      continue;
    }
    envelope.sha256 = sha256_hex(*text);
    printer.print(envelope, mrz::check(*text, check));
  }
  return printer.exit_code();
}

} // namespace

Command add_mrz_check(CLI::App& mrz) {
  auto options = std::make_shared<Options>();
  CLI::App* app = mrz.add_subcommand("check", "Parse and validate machine readable zones");
  app->add_option("input", options->inputs,
                  "MRZ text (an argument holding '<'), a file, or - for standard input; "
                  "several inputs give one JSON verdict per line");
  app->add_option("--format-hint", options->format_hint,
                  "Force the format: td1, td2, td3, mrva, mrvb, fra-id")
      ->check([](const std::string& value) {
        return mrz::parse_format(value) ? std::string() : "unknown format '" + value + "'";
      });
  app->add_option("--at", options->at,
                  "Reference date YYYY-MM-DD for centuries and expiry (default: today, UTC)")
      ->check([](const std::string& value) {
        return parse_iso_date(value) ? std::string() : "--at needs a real date YYYY-MM-DD";
      });
  app->add_flag("--repair", options->repair,
                "Repair OCR confusions (0/O 1/I 2/Z 5/S 6/G 8/B) when check digits confirm them");
  app->add_flag("--normalize", options->normalize,
                "Accept lower case, spaces and '\u00ab' (folded, dropped, read as '<')");
  app->add_flag("--require-unexpired", options->require_unexpired,
                "An expired document fails instead of warning");
  app->add_flag(
      "--batch", options->batch,
      "Stream records from the inputs (default stdin): NDJSON {\"mrz\": ..., \"id\": ...} "
      "or MRZ lines with a blank line between records; one verdict per line");
  add_output_options(*app, options->output);
  return Command{app, [options] {
                   if (options->inputs.empty() && !options->batch) {
                     std::cerr << "mrtd mrz check: error: no input (give MRZ text, a file, or -)\n";
                     return 2;
                   }
                   return run(*options);
                 }};
}

} // namespace mrtd::cmd
