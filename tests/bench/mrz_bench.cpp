// mrtd_bench: throughput of MRZ checking, measured three ways on one deterministic record set:
// in process (mrz::screen(), mrz::check(), check() + report::to_json line), end to end
// through `mrtd mrz check --batch`, and the npm `mrz` peer's parse() in one Node process.
// A benchmark, not a test: ctest does not run it (tests/bench/run.sh does).
//
// usage: mrtd_bench [--records N] [--seconds S] [--mrtd PATH] [--peer-dir DIR]
//                   [--peer-script FILE] [--work-dir DIR] [--no-cli] [--no-peer]

#include <sys/wait.h>

#include "mrz/check_digit.hpp"
#include "mrz/mrz.hpp"
#include "report/report.hpp"

#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t k_seed = 20260101;
constexpr mrtd::CivilDate k_reference{2026, 1, 1};
constexpr const char* k_reference_arg = "2026-01-01";
constexpr double k_target_in_process = 5'000'000;
constexpr double k_target_end_to_end = 300'000;

// ---- deterministic records -----------------------------------------------------------------

// Raw std::mt19937 output only (no std::*_distribution, whose results differ between standard
// libraries), so every platform generates the same records.
class Generator {
public:
  explicit Generator(std::uint32_t seed) : m_rng(seed) {}

  std::uint32_t below(std::uint32_t n) { return m_rng() % n; }
  int between(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<std::uint32_t>(hi - lo + 1)));
  }
  char letter() { return static_cast<char>('A' + below(26)); }
  char digit() { return static_cast<char>('0' + below(10)); }
  char alnum() {
    const auto v = below(36);
    return v < 10 ? static_cast<char>('0' + v) : static_cast<char>('A' + v - 10);
  }
  std::string letters(int lo, int hi) {
    std::string s(static_cast<std::size_t>(between(lo, hi)), 'A');
    for (auto& c : s) {
      c = letter();
    }
    return s;
  }
  std::string country() {
    static constexpr std::array<const char*, 16> k_codes = {
        "DEU", "FRA", "NLD", "GBR", "USA", "ITA", "ESP", "CAN",
        "AUS", "JPN", "D<<", "SWE", "BEL", "CHE", "AUT", "PRT"};
    return k_codes[below(k_codes.size())];
  }
  std::string date(int year_lo, int year_hi) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%02d%02d%02d", between(year_lo, year_hi) % 100,
                  between(1, 12), between(1, 28));
    return buffer;
  }
  std::string sex() { return std::string(1, "MF<"[below(3)]); }

private:
  std::mt19937 m_rng;
};

std::string pad(std::string s, std::size_t length) {
  s.resize(length, '<');
  return s;
}

char cd(std::string_view field) {
  return static_cast<char>('0' + *mrtd::mrz::compute_check_digit(field));
}

char cd(std::initializer_list<std::string_view> parts) {
  return static_cast<char>('0' + *mrtd::mrz::compute_check_digit(parts));
}

std::string name_field(Generator& g, std::size_t length, int max_given) {
  std::string name = g.letters(2, 12);
  if (g.below(5) == 0) {
    name += '<' + g.letters(2, 8); // two-part primary identifier
  }
  name += "<<" + g.letters(2, 10);
  for (int i = 1; i < max_given && g.below(2) == 0; ++i) {
    name += '<' + g.letters(2, 8);
  }
  if (name.size() >= length) {
    name.resize(length - 1); // keep a trailing filler: no truncation warning
  }
  return pad(name, length);
}

// Replaces the check digit at `pos` with another digit.
void break_digit(std::string& line, std::size_t pos) {
  line[pos] = static_cast<char>('0' + (line[pos] - '0' + 1) % 10);
}

struct Record {
  std::string text; ///< lines joined by '\n', no trailing newline
  bool broken = false;
};

Record make_td3(Generator& g) {
  std::string number;
  for (int i = 0; i < 9; ++i) {
    number += g.alnum();
  }
  const std::string birth = g.date(1940, 2009);
  const std::string expiry = g.date(2026, 2035);
  const std::string personal =
      g.below(2) == 0 ? std::string(14, '<')
                      : pad(std::string(1, g.letter()) + std::to_string(g.below(100000000)), 14);
  const char personal_cd = personal[0] == '<' ? "<0"[g.below(2)] : cd(personal);
  std::string line2 = number + cd(number) + g.country() + birth + cd(birth) + g.sex() + expiry +
                      cd(expiry) + personal + personal_cd;
  line2 += cd({std::string_view(line2).substr(0, 10), std::string_view(line2).substr(13, 7),
               std::string_view(line2).substr(21, 22)});
  const std::string line1 = "P<" + g.country() + name_field(g, 39, 3);
  Record r;
  if (g.below(10) == 0) {
    static constexpr std::array<std::size_t, 4> k_digits = {9, 19, 27, 43};
    break_digit(line2, k_digits[g.below(k_digits.size())]);
    r.broken = true;
  }
  r.text = line1 + '\n' + line2;
  return r;
}

Record make_td1(Generator& g) {
  std::string number;
  for (int i = 0; i < 9; ++i) {
    number += g.alnum();
  }
  const std::string optional1 =
      g.below(3) == 0 ? pad(std::to_string(g.below(1000000)), 15) : std::string(15, '<');
  std::string line1 =
      std::string(g.below(2) == 0 ? "I<" : "ID") + g.country() + number + cd(number) + optional1;
  const std::string birth = g.date(1940, 2009);
  const std::string expiry = g.date(2026, 2035);
  const std::string optional2 =
      g.below(4) == 0 ? pad(std::to_string(g.below(100000)), 11) : std::string(11, '<');
  std::string line2 = birth + cd(birth) + g.sex() + expiry + cd(expiry) + g.country() + optional2;
  line2 += cd({std::string_view(line1).substr(5, 25), std::string_view(line2).substr(0, 7),
               std::string_view(line2).substr(8, 7), std::string_view(line2).substr(18, 11)});
  const std::string line3 = name_field(g, 30, 2);
  Record r;
  if (g.below(10) == 0) {
    switch (g.below(4)) {
    case 0:
      break_digit(line1, 14);
      break;
    case 1:
      break_digit(line2, 6);
      break;
    case 2:
      break_digit(line2, 14);
      break;
    default:
      break_digit(line2, 29);
      break;
    }
    r.broken = true;
  }
  r.text = line1 + '\n' + line2 + '\n' + line3;
  return r;
}

std::vector<Record> make_records(Record (*make)(Generator&), std::size_t count,
                                 std::uint32_t seed) {
  Generator g(seed);
  std::vector<Record> records;
  records.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    records.push_back(make(g));
  }
  return records;
}

// ---- timing --------------------------------------------------------------------------------

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Best of 3 runs; each run repeats `pass` (one pass = `records` records) for at least
// `min_seconds`. Returns records per second.
template <typename Pass> double best_of_3(std::size_t records, double min_seconds, Pass&& pass) {
  double best = 0;
  for (int run = 0; run < 3; ++run) {
    std::size_t passes = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    do {
      pass();
      ++passes;
      elapsed = seconds_since(start);
    } while (elapsed < min_seconds);
    best = std::max(best, static_cast<double>(records * passes) / elapsed);
  }
  return best;
}

// ---- child processes -----------------------------------------------------------------------

struct Spawned {
  bool started = false;
  int status = 0;      ///< waitpid status
  std::string output;  ///< captured stdout (when capturing)
  std::string failure; ///< why it did not start
};

// Runs argv[0] (searched in PATH) with stdin from `in` (or inherited) and stdout to `out`
// (a path), or captured when `out` is empty.
Spawned spawn(const std::vector<std::string>& args, const std::string& in, const std::string& out) {
  Spawned result;
  std::vector<char*> argv;
  for (const auto& a : args) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!in.empty()) {
    posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
  }
  int pipe_fds[2] = {-1, -1};
  if (out.empty()) {
    if (::pipe(pipe_fds) != 0) {
      result.failure = "pipe failed";
      return result;
    }
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  } else {
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (out.empty()) {
    ::close(pipe_fds[1]);
  }
  if (rc != 0) {
    result.failure = std::string("cannot start ") + args[0] + ": " + std::strerror(rc);
    if (out.empty()) {
      ::close(pipe_fds[0]);
    }
    return result;
  }
  if (out.empty()) {
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) {
      result.output.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(pipe_fds[0]);
  }
  ::waitpid(pid, &result.status, 0);
  result.started = true;
  return result;
}

// The number after `"key":` in a flat JSON object; nullopt when absent.
std::optional<double> json_number(const std::string& text, const std::string& key) {
  const auto at = text.find("\"" + key + "\":");
  if (at == std::string::npos) {
    return std::nullopt;
  }
  return std::strtod(text.c_str() + at + key.size() + 3, nullptr);
}

// ---- output --------------------------------------------------------------------------------

std::string grouped(double value) {
  auto n = static_cast<long long>(value + 0.5);
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  return out;
}

std::string cell(std::optional<double> rate) {
  return rate ? grouped(*rate) : std::string("n/a");
}

std::string ratio(std::optional<double> a, std::optional<double> b) {
  if (!a || !b || *b <= 0) {
    return "n/a";
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1fx", *a / *b);
  return buffer;
}

void row(const char* label, const std::string& td3, const std::string& td1) {
  std::printf("  %-44s %14s %14s\n", label, td3.c_str(), td1.c_str());
}

// ---- the three measurements ----------------------------------------------------------------

struct Rates {
  std::optional<double> screen, check, check_json, cli, cli_one_cpu, peer;
  std::size_t valid = 0; ///< records check() found valid
  std::string cli_note, peer_note;
};

std::string to_ndjson(const std::vector<Record>& records, const char* prefix) {
  std::string out;
  char id[32];
  for (std::size_t i = 0; i < records.size(); ++i) {
    out += "{\"mrz\":\"";
    for (char c : records[i].text) {
      if (c == '\n') {
        out += "\\n";
      } else {
        out += c;
      }
    }
    std::snprintf(id, sizeof id, "%s-%06zu", prefix, i + 1);
    out += "\",\"id\":\"";
    out += id;
    out += "\"}\n";
  }
  return out;
}

struct Settings {
  std::size_t records = 100'000;
  double seconds = 1.0;
  fs::path mrtd;
  fs::path peer_dir;
  fs::path peer_script = MRTD_BENCH_PEER_SCRIPT;
  fs::path work_dir;
  bool cli = true;
  bool peer = true;
};

Rates measure(const Settings& settings, const std::vector<Record>& records, const char* name) {
  Rates rates;
  mrtd::mrz::CheckOptions options;
  options.reference_date = k_reference;

  // Sanity: unbroken records must come out valid, broken ones invalid.
  std::size_t wrong = 0;
  for (const auto& r : records) {
    const auto outcome = mrtd::mrz::check(r.text, options).verdict.outcome;
    rates.valid += outcome == mrtd::Outcome::valid;
    wrong += (outcome == mrtd::Outcome::valid) == r.broken;
  }
  if (wrong != 0) {
    std::fprintf(stderr, "mrtd_bench: %zu %s records got an unexpected verdict (generator bug?)\n",
                 wrong, name);
  }

  std::size_t sink = 0;
  rates.screen = best_of_3(records.size(), settings.seconds, [&] {
    for (const auto& r : records) {
      sink += static_cast<std::size_t>(mrtd::mrz::screen(r.text, options).outcome);
    }
  });
  rates.check = best_of_3(records.size(), settings.seconds, [&] {
    for (const auto& r : records) {
      sink += static_cast<std::size_t>(mrtd::mrz::check(r.text, options).verdict.outcome);
    }
  });
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < records.size(); ++i) {
    ids.push_back(std::to_string(i + 1));
  }
  rates.check_json = best_of_3(records.size(), settings.seconds, [&] {
    for (std::size_t i = 0; i < records.size(); ++i) {
      const mrtd::report::Envelope envelope{"mrz check", "-", std::nullopt, ids[i]};
      sink += mrtd::report::to_json(envelope, mrtd::mrz::check(records[i].text, options),
                                    mrtd::report::Layout::line)
                  .size();
    }
  });
  if (sink == 42) {
    std::puts(""); // keeps `sink` alive
  }

  const fs::path ndjson = settings.work_dir / (std::string(name) + ".ndjson");
  {
    std::ofstream out(ndjson, std::ios::binary);
    out << to_ndjson(records, name);
  }

  if (settings.cli) {
    const std::vector<std::string> args = {
        settings.mrtd.string(), "mrz", "check", "--batch", "--at", k_reference_arg};
    // One untimed run whose output is checked: a verdict per record, as many valid as in process.
    const fs::path verdicts = settings.work_dir / (std::string(name) + ".verdicts.ndjson");
    const Spawned check_run = spawn(args, ndjson.string(), verdicts.string());
    std::size_t lines = 0, valid = 0;
    {
      std::ifstream in(verdicts);
      std::string line;
      while (std::getline(in, line)) {
        ++lines;
        valid += line.find("\"verdict\":\"valid\"") != std::string::npos;
      }
    }
    if (!check_run.started || !WIFEXITED(check_run.status) || WEXITSTATUS(check_run.status) > 1) {
      rates.cli_note = check_run.started ? "mrtd exited abnormally (status " +
                                               std::to_string(check_run.status) + ")"
                                         : check_run.failure;
    } else {
      if (lines != records.size() || valid != rates.valid) {
        rates.cli_note = "CLI gave " + std::to_string(lines) + " verdicts, " +
                         std::to_string(valid) +
                         " valid (in process: " + std::to_string(records.size()) + ", " +
                         std::to_string(rates.valid) + ")";
      }
      auto best_cli = [&] {
        double best = 0;
        for (int run = 0; run < 3; ++run) {
          const auto start = Clock::now();
          spawn(args, ndjson.string(), "/dev/null");
          best = std::max(best, static_cast<double>(records.size()) / seconds_since(start));
        }
        return best;
      };
      rates.cli = best_cli();
      // The CLI may use a thread per core: measure it again confined to one CPU (the
      // affinity mask is inherited by the child, then restored).
      cpu_set_t all;
      if (sched_getaffinity(0, sizeof all, &all) == 0 && CPU_COUNT(&all) > 1) {
        cpu_set_t one;
        CPU_ZERO(&one);
        for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
          if (CPU_ISSET(cpu, &all)) {
            CPU_SET(cpu, &one);
            break;
          }
        }
        if (sched_setaffinity(0, sizeof one, &one) == 0) {
          rates.cli_one_cpu = best_cli();
          sched_setaffinity(0, sizeof all, &all);
        }
      } else {
        rates.cli_one_cpu = rates.cli;
      }
    }
    fs::remove(verdicts);
  }

  if (settings.peer) {
    const Spawned run = spawn({"node", settings.peer_script.string(), settings.peer_dir.string(),
                               ndjson.string(), std::to_string(settings.seconds)},
                              "", "");
    if (!run.started) {
      rates.peer_note = run.failure;
    } else if (auto rate = json_number(run.output, "records_per_s");
               rate && WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0) {
      rates.peer = *rate;
      const auto peer_valid = json_number(run.output, "valid").value_or(0);
      const auto peer_threw = json_number(run.output, "threw").value_or(0);
      rates.peer_note = "peer " + std::string(name) + ": " + grouped(peer_valid) + " valid, " +
                        grouped(peer_threw) +
                        " threw (mrtd: " + grouped(static_cast<double>(rates.valid)) + " valid)";
    } else {
      rates.peer_note = "peer run failed: " + run.output;
    }
  }
  fs::remove(ndjson);
  return rates;
}

[[noreturn]] void usage(int code) {
  std::fprintf(code == 0 ? stdout : stderr,
               "usage: mrtd_bench [--records N] [--seconds S] [--mrtd PATH] [--peer-dir DIR]\n"
               "                  [--peer-script FILE] [--work-dir DIR] [--no-cli] [--no-peer]\n"
               "  --records N   records per format in the generated set (default 100000)\n"
               "  --seconds S   minimum length of one in-process run (default 1)\n"
               "  --mrtd PATH   the mrtd executable (default: next to this program)\n"
               "  --peer-dir D  holds node_modules/mrz (default: $MRTD_BENCH_PEER_DIR, else\n"
               "                bench-peer/ in the build folder)\n");
  std::exit(code);
}

} // namespace

int main(int argc, char** argv) {
  Settings settings;
  const fs::path self = fs::read_symlink("/proc/self/exe");
  settings.mrtd = self.parent_path() / "mrtd";
  const char* peer_env = std::getenv("MRTD_BENCH_PEER_DIR");
  settings.peer_dir =
      peer_env && *peer_env ? fs::path(peer_env) : self.parent_path().parent_path() / "bench-peer";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        usage(2);
      }
      return argv[++i];
    };
    if (arg == "--records") {
      settings.records = std::stoul(value());
    } else if (arg == "--seconds") {
      settings.seconds = std::stod(value());
    } else if (arg == "--mrtd") {
      settings.mrtd = value();
    } else if (arg == "--peer-dir") {
      settings.peer_dir = value();
    } else if (arg == "--peer-script") {
      settings.peer_script = value();
    } else if (arg == "--work-dir") {
      settings.work_dir = value();
    } else if (arg == "--no-cli") {
      settings.cli = false;
    } else if (arg == "--no-peer") {
      settings.peer = false;
    } else if (arg == "--help" || arg == "-h") {
      usage(0);
    } else {
      usage(2);
    }
  }
  if (settings.records == 0) {
    usage(2);
  }
  // The peer's script resolves the package folder itself (Node's import needs an absolute path).
  settings.peer_dir = fs::absolute(settings.peer_dir);
  const bool own_work_dir = settings.work_dir.empty();
  if (own_work_dir) {
    settings.work_dir = fs::temp_directory_path() / ("mrtd-bench-" + std::to_string(::getpid()));
  }
  fs::create_directories(settings.work_dir);

  std::string cli_status = "enabled";
  if (settings.cli && !fs::exists(settings.mrtd)) {
    cli_status = "not available: no mrtd at " + settings.mrtd.string() + " (pass --mrtd PATH)";
    settings.cli = false;
  } else if (!settings.cli) {
    cli_status = "skipped (--no-cli)";
  }
  std::string peer_status = "npm mrz at " + settings.peer_dir.string();
  if (settings.peer && !fs::exists(settings.peer_dir / "node_modules" / "mrz" / "package.json")) {
    peer_status =
        "not available: no " + (settings.peer_dir / "node_modules" / "mrz").string() +
        "\n    install it with: npm install --prefix " + settings.peer_dir.string() +
        " mrz@5.0.2\n    (or set MRTD_BENCH_PEER_DIR / --peer-dir to a folder that has it)";
    settings.peer = false;
  } else if (!settings.peer) {
    peer_status = "skipped (--no-peer)";
  }

  std::printf("mrtd_bench: %zu records per format, seed %u, ~10%% with a broken check digit, "
              "reference date %s\n",
              settings.records, k_seed, k_reference_arg);
  std::printf("  in process: one thread, best of 3 runs of >= %.1f s\n", settings.seconds);
  if (settings.cli) {
    std::printf(
        "  CLI: wall clock of `%s mrz check --batch --at %s < file > /dev/null`, best of 3,\n"
        "       free to use every CPU (%u here), then confined to one\n",
        settings.mrtd.c_str(), k_reference_arg, std::thread::hardware_concurrency());
  } else {
    std::printf("  CLI: %s\n", cli_status.c_str());
  }
  std::printf("  peer: %s\n\n", peer_status.c_str());
  std::fflush(stdout);

  const auto td3 = make_records(make_td3, settings.records, k_seed);
  const auto td1 = make_records(make_td1, settings.records, k_seed + 1);
  const Rates r3 = measure(settings, td3, "td3");
  const Rates r1 = measure(settings, td1, "td1");

  std::printf("  %-44s %14s %14s\n", "records/s", "TD3", "TD1");
  row("in-process screen() (statuses only)", cell(r3.screen), cell(r1.screen));
  row("in-process check()", cell(r3.check), cell(r1.check));
  row("in-process check() + to_json line", cell(r3.check_json), cell(r1.check_json));
  row("CLI end to end (mrz check --batch)", cell(r3.cli), cell(r1.cli));
  row("CLI end to end, confined to one CPU", cell(r3.cli_one_cpu), cell(r1.cli_one_cpu));
  auto peer_cell = [](std::optional<double> rate) {
    return rate ? grouped(*rate) : std::string("not available");
  };
  row("peer npm mrz 5.0.2 parse() (Node)", peer_cell(r3.peer), peer_cell(r1.peer));
  row("ratio in-process screen() / peer", ratio(r3.screen, r3.peer), ratio(r1.screen, r1.peer));
  row("ratio in-process check() / peer", ratio(r3.check, r3.peer), ratio(r1.check, r1.peer));
  row("ratio in-process check()+to_json / peer", ratio(r3.check_json, r3.peer),
      ratio(r1.check_json, r1.peer));
  row("ratio CLI / peer", ratio(r3.cli, r3.peer), ratio(r1.cli, r1.peer));
  row("ratio CLI one CPU / peer", ratio(r3.cli_one_cpu, r3.peer), ratio(r1.cli_one_cpu, r1.peer));
  std::printf("\n  valid verdicts: TD3 %zu/%zu, TD1 %zu/%zu\n", r3.valid, td3.size(), r1.valid,
              td1.size());
  for (const auto* note : {&r3.cli_note, &r1.cli_note, &r3.peer_note, &r1.peer_note}) {
    if (!note->empty()) {
      std::printf("  note: %s\n", note->c_str());
    }
  }
  auto target = [](const char* what, std::optional<double> a, std::optional<double> b,
                   double goal) {
    if (!a || !b) {
      std::printf("  target %-34s >= %s records/s: not measured\n", what, grouped(goal).c_str());
      return;
    }
    const double worst = std::min(*a, *b);
    std::printf("  target %-34s >= %s records/s: %s (worst format %s)\n", what,
                grouped(goal).c_str(), worst >= goal ? "met" : "NOT met", grouped(worst).c_str());
  };
  target("in-process check(), one core", r3.check, r1.check, k_target_in_process);
  target("in-process screen(), one core", r3.screen, r1.screen, k_target_in_process);
  target("end to end, full verdicts", r3.cli, r1.cli, k_target_end_to_end);
  target("end to end, full verdicts, one CPU", r3.cli_one_cpu, r1.cli_one_cpu, k_target_end_to_end);

  if (own_work_dir) {
    std::error_code ec;
    fs::remove_all(settings.work_dir, ec);
  }
  return 0;
}
