// `mrtd chip dump`: decode the LDS files of a chip (EF.COM, EF.SOD, DG1, DG2, DG11, DG12,
// DG14, DG15, others by hash) and optionally write out the face images.

#include "chip_input.hpp"
#include "command.hpp"
#include "io.hpp"
#include "output.hpp"

#include "chip/dump.hpp"
#include "report/chip_dump.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace mrtd::cmd {

namespace {

struct Options {
  ChipInputOptions input;
  std::string extract_dir;
  std::string at;
  OutputOptions output;
};

std::string source_of(const ChipInputOptions& input) {
  std::string text;
  auto add = [&](const std::string& part) {
    if (!part.empty()) {
      text += (text.empty() ? "" : " ") + part;
    }
  };
  for (const auto& path : input.paths) {
    add(path);
  }
  add(input.sod.empty() ? "" : "--sod " + input.sod);
  add(input.com.empty() ? "" : "--com " + input.com);
  for (const auto& dg : input.dgs) {
    add("--dg " + dg);
  }
  return text;
}

// Writes each face image as DIR/DG2-<n>.<ext>; the names go to stderr. False on failure.
bool extract(const chip::Dump& dump, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << "mrtd chip dump: error: cannot create '" << dir << "': " << ec.message() << '\n';
    return false;
  }
  for (const auto& file : dump.files) {
    int n = 0;
    for (const auto& face : file.faces) {
      const auto path = std::filesystem::path(dir) / (chip::to_string(file.file) + "-" +
                                                       std::to_string(++n) + "." + face.extension);
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out.write(reinterpret_cast<const char*>(face.image.data()),
                static_cast<std::streamsize>(face.image.size()));
      if (!out.flush()) {
        std::cerr << "mrtd chip dump: error: cannot write '" << path.string() << "'\n";
        return false;
      }
      std::cerr << "wrote " << path.string() << '\n';
    }
  }
  return true;
}

int print_error(const Options& options, const report::Envelope& envelope, const Error& error) {
  if (options.output.format == "json") {
    std::cout << report::dump_error_json(envelope, error, report::Layout::pretty) << '\n';
  } else {
    std::cout << "error: " << to_string(error.code) << ": " << error.message << '\n';
  }
  return 2;
}

int run(const Options& options) {
  const report::Envelope envelope{"chip dump", source_of(options.input), std::nullopt,
                                  std::nullopt};
  auto files = read_chip_files(options.input);
  if (!files) {
    return print_error(options, envelope, files.error());
  }
  chip::DumpOptions dump_options;
  dump_options.reference_date = options.at.empty() ? today_utc() : *parse_iso_date(options.at);
  auto dump = chip::dump(*files, dump_options);
  if (!dump) {
    return print_error(options, envelope, dump.error());
  }
  if (options.output.format == "json") {
    std::cout << report::to_json(envelope, *dump, report::Layout::pretty) << '\n';
  } else if (options.output.format == "text") {
    std::cout << report::to_text(*dump);
  } else {
    std::size_t errors = 0;
    for (const auto& file : dump->files) {
      errors += file.errors.size();
    }
    std::cout << "chip dump: " << dump->files.size() << " files, " << errors << " errors\n";
  }
  if (!options.extract_dir.empty() && !extract(*dump, options.extract_dir)) {
    return 2;
  }
  // Nothing decodable at all (no file decoded without an error): the input is not chip data.
  for (const auto& file : dump->files) {
    if (file.tag && file.errors.empty()) {
      return 0;
    }
  }
  return 2;
}

} // namespace

Command add_chip_dump(CLI::App& chip) {
  auto options = std::make_shared<Options>();
  CLI::App* app = chip.add_subcommand(
      "dump", "Decode the LDS files of a chip: EF.COM, EF.SOD, DG1, DG2 face, DG11, DG12, "
              "DG14, DG15 (nothing is verified: see chip verify)");
  add_chip_input_options(*app, options->input);
  app->add_option("--extract-dir", options->extract_dir,
                  "Write DG2's face images to DIR as DG2-<n>.jpg / .jp2");
  app->add_option("--at", options->at,
                  "Reference date YYYY-MM-DD for DG1's MRZ check (default: today, UTC)")
      ->check([](const std::string& value) {
        return parse_iso_date(value) ? std::string() : "--at needs a real date YYYY-MM-DD";
      });
  add_output_options(*app, options->output);
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
