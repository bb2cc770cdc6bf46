// Crash test: a child process appends and commits (fsync on every commit)
// under load, signs a head now and then, and reports every committed size
// through a pipe; the parent SIGKILLs it at a random moment, reopens the
// log (recovering any torn tail), and checks that it verifies and that
// every leaf the child reported committed is there with the right bytes
// (record_for(i), a function of the index alone). 20 rounds on one log,
// a few seconds in all.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <thread>
#include <vector>

#include "evidence/log.h"
#include "evidence/merkle.h"
#include "evidence_test_util.h"

namespace vigil::evidence {
namespace {

using test::record_for;

// 40 .. 1540 octets: a commit is one multi-page write(2) that a kill can cut.
EvidenceRecord crash_record(uint64_t i) { return record_for(i, 40 + (i * 7919) % 1500); }

// Even rounds fsync every commit (the production setting); odd rounds never
// fsync, so the child spends its time in write(2) and kills land inside
// multi-page writes, leaving torn frames (a SIGKILL loses nothing in the
// page cache: what a process crash can lose is the same either way).
LogOptions crash_options(int round) {
  LogOptions o;
  o.origin = "crash.test/evidence";
  o.segment_bytes = 1 << 20;  // many segments: rolls get killed too
  o.max_pending_bytes = 1 << 20;
  o.fsync = round % 2 == 0 ? FsyncPolicy::every_commit() : FsyncPolicy::never();
  return o;
}

[[noreturn]] void child(const std::string& path, int round, int out, uint64_t seed) {
  auto log = EvidenceLog::open(path, crash_options(round));
  if (!log) {
    std::fprintf(stderr, "child: open: %s\n", log.error().to_string().c_str());
    _exit(2);
  }
  // Ready: what is in the log now counts as committed.
  const uint64_t start = (*log)->size();
  if (::write(out, &start, sizeof start) != sizeof start) _exit(6);
  std::mt19937_64 rng(seed);
  for (uint64_t commits = 0;; ++commits) {
    const uint64_t k = 1 + rng() % 256;
    for (uint64_t j = 0; j < k; ++j) {
      const EvidenceRecord r = crash_record((*log)->size());
      if (!(*log)->append(r.view()).ok()) _exit(3);
    }
    if (!(*log)->commit().ok()) _exit(4);
    if (commits % 16 == 15 && !(*log)->sign_head().ok()) _exit(5);
    const uint64_t committed = (*log)->committed_size();
    if (::write(out, &committed, sizeof committed) != sizeof committed) _exit(6);
  }
}

TEST(EvidenceLogCrash, SigkillNeverLosesACommittedLeaf) {
  test::ScratchDir dir;
  const std::string path = dir / "log";
  std::mt19937_64 rng(20261126);
  uint64_t max_committed = 0;
  int torn_rounds = 0;
  std::vector<Hash> want_hashes;
  for (int round = 0; round < 20; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      child(path, round, fds[1], rng());
    }
    ::close(fds[1]);
    uint64_t reported = 0;
    ASSERT_EQ(::read(fds[0], &reported, sizeof reported), ssize_t{sizeof reported})
        << "the child did not start";
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + rng() % 50));
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child exited by itself, status " << status;
    uint64_t v = 0;
    while (::read(fds[0], &v, sizeof v) == sizeof v) reported = v;
    ::close(fds[0]);
    ASSERT_GE(reported, max_committed) << "the child started with fewer leaves than committed";
    max_committed = reported;

    auto log = EvidenceLog::open(path, crash_options(round));
    ASSERT_TRUE(log.ok()) << log.error().to_string();
    const OpenReport& rep = (*log)->open_report();
    if (rep.dropped_bytes > 0) ++torn_rounds;
    ASSERT_GE((*log)->size(), max_committed)
        << "committed leaves lost; dropped " << rep.dropped_bytes << " octets: " << rep.dropped_why;
    auto verified = (*log)->verify();
    ASSERT_TRUE(verified.ok()) << verified.error().to_string();
    // Every leaf's hash is that of the record the child appended at that
    // index (and verify() above re-read every frame against these hashes);
    // the leaves new since the last round are also read back whole.
    for (uint64_t i = 0; i < (*log)->size(); ++i) {
      if (i == want_hashes.size()) {
        want_hashes.push_back(leaf_hash(*encode_record(crash_record(i).view())));
        auto r = (*log)->read(i);
        ASSERT_TRUE(r.ok()) << i << ": " << r.error().to_string();
        ASSERT_EQ(*r, crash_record(i)) << "leaf " << i;
      }
      ASSERT_EQ(*(*log)->leaf_hash(i), want_hashes[i]) << "leaf " << i;
    }
    if ((*log)->checkpoint()) {
      EXPECT_LE((*log)->checkpoint()->size, (*log)->size());
    }
    ASSERT_TRUE((*log)->close().ok());
  }
  EXPECT_GT(max_committed, 1000u) << "the child made too little progress to test anything";
  RecordProperty("committed_leaves", static_cast<int>(max_committed));
  RecordProperty("rounds_with_torn_tail", torn_rounds);
  std::printf("crash test: %llu leaves committed, %d of 20 kills left a torn tail\n",
              static_cast<unsigned long long>(max_committed), torn_rounds);
}

}  // namespace
}  // namespace vigil::evidence
