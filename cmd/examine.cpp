// `mrtd examine`: one document from everything the examiner holds (lib/examine): folders or
// files of MRZ text, chip files, images of seals and raw seals; one combined verdict. With
// --batch, an NDJSON filter: one document folder per input line, one verdict per output line.

#include "batch.hpp"
#include "command.hpp"
#include "io.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "trust_input.hpp"

#include "examine/examine.hpp"
#include "pki/trust_store.hpp"
#include "report/examine.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>

namespace mrtd::cmd {

namespace {

namespace fs = std::filesystem;

// Largest file read as one item (a scanned page at high resolution stays well below).
constexpr std::size_t k_max_item = 64 * 1024 * 1024;

struct Options {
  std::vector<std::string> paths;
  VerifyInputs verify;
  bool batch = false;
  OutputOptions output;
};

Result<examine::Item> read_item(const std::string& path) {
  auto text = read_input(path, k_max_item);
  if (!text) {
    return text.error();
  }
  return examine::Item{path, examine::Bytes(text->begin(), text->end())};
}

// The items of one document: named files, and the files of named folders and of their
// sub-folders (one level: a chip dump in `chip/`), in name order.
Result<std::vector<examine::Item>> read_items(const std::vector<std::string>& paths,
                                              const std::optional<std::string>& mrz) {
  std::vector<examine::Item> items;
  for (const auto& path : paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      auto item = read_item(path);
      if (!item) {
        return item.error();
      }
      items.push_back(std::move(*item));
      continue;
    }
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(path, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it.depth() >= 1) {
        it.disable_recursion_pending();
      }
      if (it->is_regular_file(ec)) {
        files.push_back(it->path());
      }
      if (files.size() > examine::k_max_items) {
        return make_error(ErrorCode::limit_exceeded,
                          "'" + path + "' holds more than " +
                              std::to_string(examine::k_max_items) + " files");
      }
    }
    if (ec) {
      return make_error(ErrorCode::unreadable, "cannot list '" + path + "': " + ec.message());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      auto item = read_item(file.generic_string());
      if (!item) {
        return item.error();
      }
      items.push_back(std::move(*item));
    }
  }
  if (mrz) {
    items.push_back(examine::Item{"--mrz", examine::Bytes(mrz->begin(), mrz->end())});
  }
  return items;
}

examine::Report error_report(const Error& error) {
  examine::Report report;
  report.verdict = error_verdict(error);
  return report;
}

std::string source_of(const std::vector<std::string>& paths) {
  std::string source;
  for (const auto& path : paths) {
    source += (source.empty() ? "" : " ") + path;
  }
  return source.empty() ? std::string("--mrz") : source;
}

// --batch: one document folder per line (a path or {"path": ..., "id": ..., "mrz": ...}),
// one verdict per line, in input order, with one trust store for the run.
int run_batch(const Options& options, const pki::TrustStore& trust,
              const examine::Options& examine_options) {
  OutputOptions output = options.output;
  output.batch_layout = true;
  Printer printer(output);
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
      ++ordinal;
      progress.advance();
      report::Envelope envelope{"examine", source, std::nullopt, std::to_string(ordinal)};
      if (overlong) {
        printer.print(envelope, error_report(make_error(
                                    ErrorCode::limit_exceeded,
                                    "record " + std::to_string(ordinal) + ": a line longer than " +
                                        std::to_string(k_max_line) + " bytes")));
        continue;
      }
      auto record = parse_record(text, ordinal);
      if (!record) {
        printer.print(envelope, error_report(record.error()));
        continue;
      }
      envelope.source = record->path;
      if (record->id) {
        envelope.id = record->id;
      }
      auto items = read_items({record->path}, record->mrz);
      if (!items) {
        printer.print(envelope, error_report(items.error()));
        continue;
      }
      printer.print(envelope, examine::examine(*items, trust, examine_options));
    }
  };
  for_each_batch_input(options.paths, process, [&](const std::string& path) {
    printer.print(report::Envelope{"examine", path, std::nullopt, std::to_string(++ordinal)},
                  error_report(make_error(ErrorCode::unreadable,
                                          "cannot read batch input '" + path + "'")));
  });
  if (ordinal == 0) {
    printer.print(report::Envelope{"examine",
                                   options.paths.empty() ? "-" : source_of(options.paths),
                                   std::nullopt, std::nullopt},
                  error_report(make_error(ErrorCode::malformed, k_empty_batch)));
  }
  return printer.exit_code();
}

int run(const Options& options) {
  Printer printer(options.output);
  report::Envelope envelope{"examine", source_of(options.paths), std::nullopt, std::nullopt};
  auto fail = [&](const Error& error) {
    printer.print(envelope, error_report(error));
    return printer.exit_code();
  };
  examine::Options examine_options;
  examine_options.at = verification_time(options.verify);
  auto mrz = printed_mrz(options.verify);
  if (!mrz) {
    return fail(mrz.error());
  }
  auto trust = load_trust(options.verify.trust);
  if (!trust) {
    return fail(trust.error());
  }
  if (options.batch) {
    return run_batch(options, *trust, examine_options);
  }
  if (options.paths.empty() && !*mrz) {
    return fail(make_error(ErrorCode::invalid_argument,
                           "nothing to examine: give a document folder, files, or --mrz"));
  }
  auto items = read_items(options.paths, *mrz);
  if (!items) {
    return fail(items.error());
  }
  printer.print(envelope, examine::examine(*items, *trust, examine_options));
  return printer.exit_code();
}

} // namespace

Command add_examine(CLI::App& root) {
  auto options = std::make_shared<Options>();
  CLI::App* app = root.add_subcommand(
      "examine", "Examine one document from all its parts (printed MRZ, chip files, seals) and "
                 "cross-check them");
  app->add_option("PATH", options->paths,
                  "A document folder, or its files: MRZ text, chip files (EF.SOD, DG1...), "
                  "images with seals, raw seals; recognised by content. With --batch: files "
                  "listing document folders (default: stdin)");
  add_verify_options(*app, options->verify,
                     "The printed MRZ (text holding '<', or a file), as if it were one more item");
  app->add_flag("--batch", options->batch,
                "Read document folders from the PATHs (default stdin), one per line as a path "
                "or NDJSON {\"path\": ..., \"id\": ..., \"mrz\": ...}; one verdict per line");
  add_output_options(*app, options->output);
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
