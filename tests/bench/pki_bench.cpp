// Trust store benchmark (issue 4): import the DE master list and the PKD LDIF 003 sample into a
// store, then time `mrtd chip verify --trust STORE` of one sample document as a cold process
// (fork/exec, best of 5) against the same verify with every stored certificate and CRL loaded
// as loose files. The target is < 20 ms for the store. Not a test: figures depend on the
// machine (BENCH=pki tests/bench/run.sh).
//
//   mrtd_pki_bench [--mrtd PATH] [--corpus DIR] [--runs N]

#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Runs `args` with stdout and stderr to /dev/null; returns (exit status, seconds).
std::pair<int, double> run(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& arg : args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  const auto start = Clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    return {-1, 0};
  }
  int status = 0;
  waitpid(pid, &status, 0);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  posix_spawn_file_actions_destroy(&actions);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, seconds};
}

std::pair<int, double> best_of(int runs, const std::vector<std::string>& args) {
  std::pair<int, double> best{0, 1e9};
  for (int i = 0; i < runs; ++i) {
    const auto result = run(args);
    best.first = result.first;
    best.second = std::min(best.second, result.second);
  }
  return best;
}

} // namespace

int main(int argc, char** argv) {
  std::string mrtd = (fs::path(argv[0]).parent_path() / "mrtd").string();
  std::string corpus = std::string(MRTD_SOURCE_DIR) + "/../shared/corpus/pa";
  int runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--mrtd") {
      mrtd = argv[i + 1];
    } else if (option == "--corpus") {
      corpus = argv[i + 1];
    } else if (option == "--runs") {
      runs = std::max(1, std::atoi(argv[i + 1]));
    }
  }
  const std::string ml = corpus + "/gmrtd/masterlists/DE_ML_2026-05-28-08-28-45.ml";
  const std::string anchor = corpus + "/gmrtd/masterlists/DE_ROOT_CA_CSCA07.cer";
  const std::string ldif = corpus + "/icao-pkd/icaopkd-003-complete-000090.ldif";
  const std::string sample = std::string(MRTD_SOURCE_DIR) + "/samples/chip/rsa-pkcs1v15";
  if (!fs::exists(ml) || !fs::exists(ldif)) {
    std::fprintf(stderr, "corpus not found under %s (--corpus DIR)\n", corpus.c_str());
    return 125;
  }
  const fs::path work = fs::temp_directory_path() / ("mrtd-pki-bench-" + std::to_string(::getpid()));
  const std::string store = (work / "store").string();

  const auto imported = run({mrtd, "pki", "import", "--store", store, "--anchor", anchor, ml, ldif,
                             sample + "/csca.pem", sample + "/crl.pem"});
  if (imported.first != 0) {
    std::fprintf(stderr, "import failed (exit %d)\n", imported.first);
    return 1;
  }
  // The same items as loose files.
  const fs::path loose = work / "loose";
  fs::create_directories(loose);
  std::size_t files = 0;
  for (const char* folder : {"certs", "crls"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(store) / folder)) {
      fs::copy_file(entry.path(), loose / entry.path().filename());
      ++files;
    }
  }

  const auto with_store = best_of(runs, {mrtd, "chip", "verify", "--trust", store, sample});
  const auto with_files = best_of(runs, {mrtd, "chip", "verify", "--trust", loose.string(), sample});
  const auto bare = best_of(runs, {mrtd, "--version"});

  std::printf("import DE master list (588) + PKD LDIF 003 (502) + sample CSCA/CRL: %.0f ms\n",
              imported.second * 1000);
  std::printf("chip verify --trust STORE (index, %zu items):     %6.1f ms (exit %d), target < 20 ms: %s\n",
              files, with_store.second * 1000, with_store.first,
              with_store.second < 0.020 ? "met" : "NOT met");
  std::printf("chip verify --trust FOLDER (every item parsed):   %6.1f ms (exit %d)\n",
              with_files.second * 1000, with_files.first);
  std::printf("mrtd --version (process start floor):             %6.1f ms\n", bare.second * 1000);
  std::error_code ec;
  fs::remove_all(work, ec);
  return with_store.first == with_files.first ? 0 : 1;
}
