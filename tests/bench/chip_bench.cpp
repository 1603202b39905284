// Passive Authentication throughput: documents per second through chip::verify (in process,
// with the batch path's chain cache) and through `mrtd chip verify --batch` end to end, per
// signature algorithm, against the floor of `openssl speed`'s verify rate for the same key type
// (a document costs at least one signature verification). Not a test: figures depend on the
// machine (tests/bench/run.sh chip).
//
//   mrtd_chip_bench [--mrtd PATH] [--seconds S] [--documents N]
//
// The CLI batch gets N records (default: as many as the in-process loop verified in S
// seconds, so that process start and trust loading weigh little).

#include "chip/chip.hpp"
#include "chip/specimen.hpp"
#include "pki/trust_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <string>
#include <vector>

namespace {

namespace chip = mrtd::chip;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Case {
  const char* name;
  chip::SpecimenAlgorithm algorithm;
  bool explicit_parameters;
  const char* openssl_speed; ///< the `openssl speed` algorithm with the same verify cost
};

constexpr Case k_cases[] = {
    {"RSA-2048 PKCS#1 v1.5", chip::SpecimenAlgorithm::rsa_pkcs1v15, false, "rsa2048"},
    {"RSA-2048 PSS", chip::SpecimenAlgorithm::rsa_pss, false, "rsa2048"},
    {"ECDSA P-256", chip::SpecimenAlgorithm::ecdsa_p256, false, "ecdsap256"},
    {"ECDSA brainpoolP256r1 explicit", chip::SpecimenAlgorithm::ecdsa_brainpool_p256r1, true,
     "ecdsabrp256r1"},
    {"ECDSA brainpoolP384r1", chip::SpecimenAlgorithm::ecdsa_brainpool_p384r1, false,
     "ecdsabrp384r1"},
};

// `openssl speed -mr`'s verify rate (operations per second) for `algorithm`; 0 when unavailable.
// OpenSSL 3.0 prints `+F2:<i>:<bits>:<sign/s>:<verify/s>` (RSA) and `+F4:...` (ECDSA).
double openssl_verify_rate(const char* algorithm, int seconds) {
  const std::string command = "openssl speed -mr -seconds " + std::to_string(seconds) + " " +
                              algorithm + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return 0;
  }
  char line[512];
  double rate = 0;
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    std::string text(line);
    if (text.rfind("+F2:", 0) == 0 || text.rfind("+F4:", 0) == 0) {
      rate = std::strtod(text.substr(text.rfind(':') + 1).c_str(), nullptr);
    }
  }
  pclose(pipe);
  return rate;
}

chip::ChipFiles files_of(const chip::Specimen& specimen) {
  chip::ChipFiles files;
  for (const auto& file : specimen.files) {
    if (file.name == "EF_SOD.bin") {
      files.sod = file.bytes;
    } else if (file.name == "EF_COM.bin") {
      files.com = file.bytes;
    } else if (file.name.rfind("DG", 0) == 0) {
      files.dgs.emplace(std::stoi(file.name.substr(2)), file.bytes);
    }
  }
  return files;
}

double now_seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

} // namespace

int main(int argc, char** argv) {
  std::string mrtd;
  double seconds = 2;
  long documents = 0; // 0: as many as the in-process loop did
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--mrtd") {
      mrtd = argv[i + 1];
    } else if (flag == "--seconds") {
      seconds = std::atof(argv[i + 1]);
    } else if (flag == "--documents") {
      documents = std::atol(argv[i + 1]);
    }
  }
  if (mrtd.empty()) {
    mrtd = (fs::path(argv[0]).parent_path() / "mrtd").string();
  }
  const fs::path scratch = fs::temp_directory_path() / "mrtd-chip-bench";
  fs::remove_all(scratch);
  fs::create_directories(scratch);

  std::printf("Passive Authentication throughput (documents = EF.COM, DG1, DG2, EF.SOD; chain "
              "cached per DSC); in-process on one core, the CLI batch with one worker per core "
              "(%u here), openssl speed on one core\n",
              std::thread::hardware_concurrency());
  std::printf("%-32s %14s %14s %16s %10s %10s\n", "algorithm", "in-process/s", "CLI batch/s",
              "openssl speed/s", "ratio", "CLI ratio");
  for (const auto& c : k_cases) {
    chip::SpecimenOptions options;
    options.algorithm = c.algorithm;
    options.explicit_parameters = c.explicit_parameters;
    auto specimen = chip::make_specimen(options);
    if (!specimen) {
      std::printf("%-32s specimen failed: %s\n", c.name, specimen.error().message.c_str());
      return 1;
    }
    const chip::ChipFiles files = files_of(*specimen);
    mrtd::pki::TrustStore trust;
    for (const char* name : {"csca.pem", "crl.pem"}) {
      const auto* file = specimen->find(name);
      (void)trust.add(file->bytes, name);
    }
    chip::VerifyOptions verify;
    verify.at = 1767225600; // 2026-01-01
    chip::ChainCache cache;
    if (chip::verify(files, trust, verify, &cache).verdict.outcome != mrtd::Outcome::valid) {
      std::printf("%-32s the specimen does not verify: benchmark void\n", c.name);
      return 1;
    }

    // In process.
    long count = 0;
    const auto start = Clock::now();
    while (now_seconds(start) < seconds) {
      for (int i = 0; i < 50; ++i) {
        count += chip::verify(files, trust, verify, &cache).verdict.checks.empty() ? 0 : 1;
      }
    }
    const double in_process = static_cast<double>(count) / now_seconds(start);

    // End to end: the CLI over `records` NDJSON records naming the specimen's folder.
    const long records = documents > 0 ? documents : std::max(count, 100L);
    // The document's folder holds its four LDS files only, as a chip reader's dump does; the
    // certificates and the CRL go to a folder of their own.
    const fs::path folder = scratch / c.openssl_speed;
    const fs::path trust_folder = scratch / (std::string(c.openssl_speed) + "-trust");
    fs::create_directories(folder);
    fs::create_directories(trust_folder);
    for (const auto& file : specimen->files) {
      if (!file.secret) {
        const bool lds = file.name.find(".bin") != std::string::npos;
        std::ofstream((lds ? folder : trust_folder) / file.name, std::ios::binary)
            .write(reinterpret_cast<const char*>(file.bytes.data()),
                   static_cast<std::streamsize>(file.bytes.size()));
      }
    }
    const fs::path list = scratch / (std::string(c.openssl_speed) + ".ndjson");
    {
      std::ofstream out(list);
      for (long i = 0; i < records; ++i) {
        out << "{\"path\":\"" << folder.string() << "\",\"id\":" << i << "}\n";
      }
    }
    const std::string command = mrtd + " chip verify --batch --at 2026-01-01 --trust " +
                                (trust_folder / "csca.pem").string() + " --trust " +
                                (trust_folder / "crl.pem").string() + " -- " + list.string() +
                                " > /dev/null";
    const auto cli_start = Clock::now();
    const int status = std::system(command.c_str());
    const double cli = status == 0 ? static_cast<double>(records) / now_seconds(cli_start) : 0;

    const double floor = openssl_verify_rate(c.openssl_speed, static_cast<int>(seconds));
    std::printf("%-32s %14.0f %14.0f %16.0f %9.0f%% %9.0f%%\n", c.name, in_process, cli, floor,
                floor > 0 ? 100 * in_process / floor : 0, floor > 0 ? 100 * cli / floor : 0);
    std::fflush(stdout);
  }
  fs::remove_all(scratch);
  std::printf("ratio = documents/s over openssl speed's verify/s for that key type (target >= "
              "70%%); the CLI figure includes reading four files per document and JSON output\n");
  return 0;
}
