// Barcode reading throughput: images per second through mrtd::image (decode_image +
// read_barcodes) on the corpus images (zxing-cpp blackbox + generated), next to the fair
// in-process baseline, one ZXing::ReadBarcodes call with ZXingReader's default hints on the same
// decoded image, and next to Debian's ZXingReader run as a process per image. Calls are
// interleaved image by image, so load from other processes hits both sides alike. The target is
// read_barcodes <= 1.1x ReadBarcodes on these clean images. Synthetic pages show what the tiles
// and the inverted pass cost where they are needed and where there is nothing to find. Not a
// test: figures depend on the machine (ctest does not run it).
//
// Then `mrtd barcode read` and ZXingReader as CLIs, each in one process over all the images.
//
//   mrtd_barcode_bench [--seconds S] [--corpus DIR] [--zxingreader PATH|none] [--mrtd PATH]
//                      [--per-image]

#include "image/image.hpp"
#include "image/read.hpp"
#include "render/render.hpp"

#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Bytes = std::vector<std::uint8_t>;

struct Sample {
  std::string rel;   ///< path below the corpus root
  std::string group; ///< "blackbox" or "generated"
  Bytes file;
  mrtd::image::Image image;
  double ours_full = 0; ///< decode_image + read_barcodes, seconds summed over runs
  double ours_read = 0; ///< read_barcodes
  double decode = 0;    ///< decode_image alone
  double zxing = 0;     ///< ZXing::ReadBarcodes
  long runs = 0;
  bool ours_found = false;
  bool zxing_found = false;
};

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::size_t zxing_read(const mrtd::image::Image& image) {
  const ZXing::ImageView view(image.pixels.data(), image.width, image.height,
                              ZXing::ImageFormat::Lum);
  std::size_t valid = 0;
  for (const auto& result : ZXing::ReadBarcodes(view, ZXing::DecodeHints{})) {
    valid += result.isValid() ? 1 : 0;
  }
  return valid;
}

// Runs `args` with stdout and stderr to /dev/null; false when it could not be started.
bool run_quietly(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& arg : args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const bool started = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0;
  posix_spawn_file_actions_destroy(&actions);
  if (started) {
    int status = 0;
    waitpid(pid, &status, 0);
  }
  return started;
}

struct Totals {
  long images = 0;
  double ours_full = 0, ours_read = 0, decode = 0, zxing = 0;
  int ours_found = 0, zxing_found = 0, count = 0;
};

void print_row(const char* name, const Totals& t) {
  const double n = static_cast<double>(t.images);
  std::printf("%-10s %6d %12.0f %12.0f %14.0f %14.0f %9.3f %9.3f %5d/%-3d %5d/%d\n", name, t.count,
              n / t.ours_full, n / t.ours_read, n / (t.decode + t.zxing), n / t.zxing,
              t.ours_read / t.zxing, t.ours_full / (t.decode + t.zxing), t.ours_found, t.count,
              t.zxing_found, t.count);
}

} // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  fs::path corpus = fs::path(MRTD_SOURCE_DIR) / ".." / "shared" / "corpus" / "barcodes";
  std::string zxingreader = "ZXingReader";
  std::string mrtd_bin = (fs::read_symlink("/proc/self/exe").parent_path() / "mrtd").string();
  bool per_image = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--per-image") {
      per_image = true;
    } else if (i + 1 < argc && flag == "--seconds") {
      seconds = std::atof(argv[++i]);
    } else if (i + 1 < argc && flag == "--corpus") {
      corpus = argv[++i];
    } else if (i + 1 < argc && flag == "--zxingreader") {
      zxingreader = argv[++i];
    } else if (i + 1 < argc && flag == "--mrtd") {
      mrtd_bin = argv[++i];
    }
  }

  std::vector<Sample> samples;
  for (const char* group : {"zxing-cpp-blackbox", "generated"}) {
    if (!fs::exists(corpus / group)) {
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(corpus / group)) {
      const auto ext = entry.path().extension();
      if (ext != ".png" && ext != ".jpg") {
        continue;
      }
      Sample s;
      s.rel = fs::relative(entry.path(), corpus).generic_string();
      s.group = group[0] == 'z' ? "blackbox" : "generated";
      std::ifstream in(entry.path(), std::ios::binary);
      s.file.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      auto image = mrtd::image::decode_image(s.file);
      if (!image) {
        std::printf("%s: %s\n", s.rel.c_str(), image.error().message.c_str());
        return 1;
      }
      s.image = std::move(*image);
      samples.push_back(std::move(s));
    }
  }
  if (samples.empty()) {
    std::printf("no corpus images under %s\n", corpus.string().c_str());
    return 1;
  }
  std::sort(samples.begin(), samples.end(),
            [](const Sample& a, const Sample& b) { return a.rel < b.rel; });

  // Warm-up and outcome, then interleaved timing: each image through every path in turn.
  for (auto& s : samples) {
    s.ours_found = !mrtd::image::read_barcodes(s.image).empty();
    s.zxing_found = zxing_read(s.image) > 0;
  }
  const auto start = Clock::now();
  long rounds = 0;
  std::size_t sink = 0;
  while (since(start) < seconds) {
    for (auto& s : samples) {
      auto t = Clock::now();
      auto decoded = mrtd::image::decode_image(s.file);
      sink += mrtd::image::read_barcodes(*decoded).size();
      s.ours_full += since(t);
      t = Clock::now();
      sink += mrtd::image::read_barcodes(s.image).size();
      s.ours_read += since(t);
      t = Clock::now();
      sink += zxing_read(s.image);
      s.zxing += since(t);
      t = Clock::now();
      sink += mrtd::image::decode_image(s.file)->pixels.size() & 1U;
      s.decode += since(t);
      ++s.runs;
    }
    ++rounds;
  }

  std::printf("Barcode reading on %zu corpus images, %ld interleaved rounds (%.1f s); images/s on "
              "one core\n",
              samples.size(), rounds, since(start));
  std::printf("  ours = decode_image + read_barcodes (defaults: tiles, invert); ZXing = "
              "ZXing::ReadBarcodes (ZXingReader's default hints) on the same decoded image\n");
  std::printf("%-10s %6s %12s %12s %14s %14s %9s %9s %9s %9s\n", "set", "images", "ours/s",
              "ours read/s", "decode+ZXing/s", "ZXing read/s", "ratio", "ratio e2e", "ours ok",
              "ZXing ok");
  Totals all;
  for (const char* group : {"blackbox", "generated"}) {
    Totals t;
    for (const auto& s : samples) {
      if (s.group != group) {
        continue;
      }
      t.images += s.runs;
      t.ours_full += s.ours_full;
      t.ours_read += s.ours_read;
      t.decode += s.decode;
      t.zxing += s.zxing;
      t.ours_found += s.ours_found ? 1 : 0;
      t.zxing_found += s.zxing_found ? 1 : 0;
      ++t.count;
    }
    print_row(group, t);
    all.images += t.images;
    all.ours_full += t.ours_full;
    all.ours_read += t.ours_read;
    all.decode += t.decode;
    all.zxing += t.zxing;
    all.ours_found += t.ours_found;
    all.zxing_found += t.zxing_found;
    all.count += t.count;
  }
  print_row("all", all);
  std::printf("  ratio = read_barcodes time / ReadBarcodes time (target <= 1.1); ratio e2e = "
              "(decode_image + read_barcodes) / (decode_image + ReadBarcodes)\n");
  if (per_image) {
    for (const auto& s : samples) {
      std::printf("  %-62s %8.3f ms %8.3f ms %6.2fx\n", s.rel.c_str(),
                  1e3 * s.ours_read / static_cast<double>(s.runs),
                  1e3 * s.zxing / static_cast<double>(s.runs), s.ours_read / s.zxing);
    }
  }

  // ZXingReader, a process per image (it loads the file with stb itself).
  if (zxingreader != "none") {
    const auto t = Clock::now();
    long spawned = 0;
    while (spawned < static_cast<long>(samples.size()) || since(t) < seconds / 2) {
      const auto& s = samples[static_cast<std::size_t>(spawned) % samples.size()];
      if (!run_quietly({zxingreader, "-bytes", (corpus / s.rel).string()})) {
        std::printf("ZXingReader: cannot run %s\n", zxingreader.c_str());
        break;
      }
      ++spawned;
    }
    if (spawned > 0) {
      const double elapsed = since(t);
      std::printf("ZXingReader (process per image, %ld runs): %.0f images/s; ours end to end is "
                  "%.1fx faster\n",
                  spawned, static_cast<double>(spawned) / elapsed,
                  (static_cast<double>(all.images) / all.ours_full) /
                      (static_cast<double>(spawned) / elapsed));
    }
  }

  // Both CLIs over every corpus image in one process each (process start paid once), rounds
  // interleaved, the side going first alternating.
  if (zxingreader != "none" && fs::exists(mrtd_bin)) {
    std::vector<std::string> ours = {mrtd_bin, "barcode", "read"};
    std::vector<std::string> theirs = {zxingreader};
    for (const auto& s : samples) {
      ours.push_back((corpus / s.rel).string());
      theirs.push_back((corpus / s.rel).string());
    }
    double ours_time = 0, theirs_time = 0;
    long rounds_cli = 0;
    const auto t = Clock::now();
    for (; rounds_cli < 2 || since(t) < seconds / 2; ++rounds_cli) {
      for (int side = 0; side < 2; ++side) {
        const bool mine = (side == 0) == (rounds_cli % 2 == 0);
        const auto t0 = Clock::now();
        if (!run_quietly(mine ? ours : theirs)) {
          std::printf("cannot run %s\n", (mine ? ours : theirs)[0].c_str());
          return 1;
        }
        (mine ? ours_time : theirs_time) += since(t0);
      }
    }
    const double images = static_cast<double>(rounds_cli * static_cast<long>(samples.size()));
    std::printf("CLI, one process over all %zu images (%ld rounds): mrtd barcode read %.0f "
                "images/s, ZXingReader %.0f images/s, ratio %.3f (mrtd time / ZXingReader "
                "time)\n",
                samples.size(), rounds_cli, images / ours_time, images / theirs_time,
                ours_time / theirs_time);
  }

  // Pages of 1600x1000: where the tiles and the inverted pass earn their cost, and what they
  // cost where there is nothing to find.
  Bytes seal_data(220);
  for (std::size_t i = 0; i < seal_data.size(); ++i) {
    seal_data[i] = static_cast<std::uint8_t>(i * 131 + 7);
  }
  mrtd::render::RenderOptions options;
  options.scale = 5;
  const auto seal = mrtd::render::render(seal_data, mrtd::render::Symbology::datamatrix, options);
  if (!seal) {
    std::printf("render: %s\n", seal.error().message.c_str());
    return 1;
  }
  const auto blank = [] { return mrtd::image::Image{1600, 1000, Bytes(1600 * 1000, 255)}; };
  const auto add_seal = [&](mrtd::image::Image& page) {
    for (int y = 0; y < seal->height; ++y) {
      std::copy_n(seal->pixels.begin() + y * seal->width, seal->width,
                  page.pixels.begin() + (40 + y) * page.width + 40);
    }
  };
  // Lines of "words" (dark 6x11 blocks) right of the seal's column, like a letter.
  const auto add_text = [](mrtd::image::Image& page) {
    std::uint32_t state = 12345;
    for (int top = 30; top + 11 < page.height - 20; top += 28) {
      for (int x = 420; x + 6 < page.width - 30; x += 9) {
        state = state * 1664525U + 1013904223U;
        if ((state >> 30) == 0U) {
          continue;
        }
        for (int y = top; y < top + 11; ++y) {
          std::fill_n(page.pixels.begin() + y * page.width + x, 6, std::uint8_t{30});
        }
      }
    }
  };
  struct Page {
    const char* name;
    mrtd::image::Image image;
  };
  std::vector<Page> pages;
  pages.push_back({"white page, DataMatrix in a corner", blank()});
  add_seal(pages.back().image);
  pages.push_back({"text page, DataMatrix in a corner", blank()});
  add_seal(pages.back().image);
  add_text(pages.back().image);
  pages.push_back({"text page, no symbol", blank()});
  add_text(pages.back().image);
  std::printf("Pages of 1600x1000 (ms per page; found = valid symbols):\n");
  for (const auto& p : pages) {
    double ours = 0;
    double zxing = 0;
    std::size_t ours_count = 0;
    std::size_t zxing_count = 0;
    int runs = 0;
    const auto page_start = Clock::now();
    while (runs < 3 || since(page_start) < seconds / 4) {
      auto t = Clock::now();
      ours_count = mrtd::image::read_barcodes(p.image).size();
      ours += since(t);
      t = Clock::now();
      zxing_count = zxing_read(p.image);
      zxing += since(t);
      ++runs;
    }
    std::printf("  %-36s ours %6.1f ms (%zu found)   ZXing ReadBarcodes %6.1f ms (%zu found)   "
                "ratio %.2f\n",
                p.name, 1e3 * ours / runs, ours_count, 1e3 * zxing / runs, zxing_count,
                ours / zxing);
  }
  return sink == 0 ? 1 : 0;
}
