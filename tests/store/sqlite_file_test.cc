// What only the SQLite backend has: a file. Random bytes, a truncated store
// and a missing directory are refused with the file's name; a refused file
// is left as it was; an opened store is in WAL mode. Also open_store()'s URI
// forms, redact_uri() and to_stored().
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "store/pg_store.h"
#include "store/sqlite_store.h"
#include "tests/store/store_fixture.h"
#include "tests/store/store_test_util.h"

namespace vigil::store::test {
namespace {

namespace fs = std::filesystem;

class SqliteFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string skip;
    ASSERT_TRUE(backend_.setup(skip));
  }
  void TearDown() override { backend_.teardown(); }
  std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  void write_all(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  }
  // PRAGMA journal_mode of the file, read by a connection of our own.
  std::string journal_mode() {
    sqlite3* db = nullptr;
    sqlite3_open(backend_.path().c_str(), &db);
    sqlite3_stmt* st = nullptr;
    std::string mode;
    if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      mode = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return mode;
  }
  SqliteBackend backend_;
};

TEST_F(SqliteFileTest, RandomBytesAreRefusedAndLeftAlone) {
  std::mt19937 rng(42);
  std::string bytes(64 * 1024, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  write_all(backend_.path(), bytes);
  auto r = SqliteStore::open(backend_.path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
  EXPECT_NE(r.error().message.find(backend_.path()), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("not a database"), std::string::npos) << r.error().message;
  EXPECT_EQ(read_all(backend_.path()), bytes);
  EXPECT_FALSE(fs::exists(backend_.path() + "-wal"));
}

TEST_F(SqliteFileTest, TruncatedStoreIsRefused) {
  {
    auto s = SqliteStore::open(backend_.path());
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    std::vector<StoredIncident> many;
    for (int i = 0; i < 2000; ++i)
      many.push_back(small_incident(i, detect::IncidentStatus::kOngoing));
    ASSERT_OK((*s)->write_batch(many, {}));
  }  // the last connection checkpoints the WAL into the file
  const std::string bytes = read_all(backend_.path());
  ASSERT_GT(bytes.size(), 100'000u);
  write_all(backend_.path(), bytes.substr(0, bytes.size() / 2));
  auto r = SqliteStore::open(backend_.path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
  EXPECT_NE(r.error().message.find(backend_.path()), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("check the database file"), std::string::npos)
      << r.error().message;
}

TEST_F(SqliteFileTest, AnotherApplicationsDatabaseKeepsItsJournalMode) {
  ASSERT_EQ(backend_.exec_raw("CREATE TABLE t (x)"), "");
  ASSERT_EQ(journal_mode(), "delete");
  auto r = SqliteStore::open(backend_.path());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(backend_.path()), std::string::npos);
  EXPECT_EQ(journal_mode(), "delete");
}

TEST_F(SqliteFileTest, AnEmptyFileBecomesAStoreInWalMode) {
  write_all(backend_.path(), "");
  auto r = SqliteStore::open(backend_.path());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(journal_mode(), "wal");
}

TEST_F(SqliteFileTest, MissingFileOrDirectory) {
  SqliteOptions no_create;
  no_create.create = false;
  auto missing = SqliteStore::open(backend_.path(), no_create);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
  EXPECT_NE(missing.error().message.find(backend_.path()), std::string::npos);
  const std::string nodir = backend_.path() + ".d/sub/store.db";
  auto r = SqliteStore::open(nodir);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(nodir + ": open: "), std::string::npos) << r.error().message;
}

TEST_F(SqliteFileTest, ErrorsNameTheFileAndTheStep) {
  auto s = SqliteStore::open(backend_.path());
  ASSERT_TRUE(s.ok());
  Status st = (*s)->append_alert({"nope", "", 0, {"f", 0, 0}, std::nullopt});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message.rfind(backend_.path() + ": append alert: ", 0), 0u)
      << st.error().message;
}

TEST_F(SqliteFileTest, OpenStoreUris) {
  auto plain = open_store(backend_.path());
  ASSERT_TRUE(plain.ok()) << plain.error().to_string();
  auto prefixed = open_store("sqlite:" + backend_.path());
  ASSERT_TRUE(prefixed.ok()) << prefixed.error().to_string();
  ASSERT_OK((*plain)->set_setting("a", "1"));
  ASSERT_OK_AND_ASSIGN(auto v, (*prefixed)->get_setting("a"));
  EXPECT_EQ(v, "1");
  auto mysql = open_store("mysql://root:secret@db/vigil");
  ASSERT_FALSE(mysql.ok());
  EXPECT_EQ(mysql.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(mysql.error().message.find("secret"), std::string::npos) << mysql.error().message;
  EXPECT_FALSE(open_store("").ok());
}

TEST(PgStoreOpen, UnreachableServerIsAnErrorWithoutThePassword) {
  auto r = open_store("postgresql://vigil:hunter2@127.0.0.1:1/vigil?connect_timeout=2");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_NE(r.error().message.find("postgresql://vigil:***@127.0.0.1:1/vigil"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("connect: "), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("hunter2"), std::string::npos);
}

TEST(PgStoreOpen, RedactUri) {
  EXPECT_EQ(redact_uri("postgresql://u:p@h/db"), "postgresql://u:***@h/db");
  EXPECT_EQ(redact_uri("postgres://u@h:5432/db"), "postgres://u@h:5432/db");
  EXPECT_EQ(redact_uri("postgresql://h/db?user=u&password=p&sslmode=require"),
            "postgresql://h/db?user=u&password=***&sslmode=require");
  EXPECT_EQ(redact_uri("host=h password=p dbname=x"), "host=h password=*** dbname=x");
}

TEST(ToStored, TakesEveryFieldOfADetectIncident) {
  std::vector<rib::PeerInfo> peers(2);
  peers[0].address = *IpAddr::parse("192.0.2.1");
  peers[0].asn = 64500;
  peers[1].address = *IpAddr::parse("2001:db8::1");
  peers[1].asn = 64501;
  detect::Incident in;
  in.id = "i1";
  in.type = detect::AlertType::kRouteLeak;
  in.prefix = P("10.0.0.0/8");
  in.watched_prefix = P("10.0.0.0/8");
  in.asn = 65000;
  in.expected_asns = {1, 2};
  in.first_seen = 10;
  in.last_seen = 20;
  in.withdrawn_at = 30;
  in.status = detect::IncidentStatus::kWithdrawn;
  in.peers_ever.insert(0);
  in.peers_ever.insert(1);
  in.peers_ever.insert(7);  // not in the peer table
  in.peers_now.insert(1);
  in.severity = detect::Severity::kHigh;
  in.country = "DE";
  in.code = "type-1";
  in.explanation = "leak";
  in.alerts = 5;
  in.evidence = {{"f", 1, 2}};
  in.disposition = detect::Disposition::kIgnored;
  in.disposition_reason = "r";
  const StoredIncident s = to_stored(in, peers);
  EXPECT_EQ(s.id, "i1");
  EXPECT_EQ(s.prefix, P("10.0.0.0/8"));
  EXPECT_EQ(s.peers, 3u);
  EXPECT_EQ(s.peers_now, 1u);
  EXPECT_EQ(s.peer_list, (std::vector<std::string>{"192.0.2.1 AS64500", "2001:db8::1 AS64501"}));
  EXPECT_EQ(s.norms, detect::norms_for(detect::AlertType::kRouteLeak));
  EXPECT_EQ(s.withdrawn_at, 30u);
  EXPECT_EQ(s.disposition, detect::Disposition::kIgnored);
  ASSERT_EQ(s.evidence.size(), 1u);
  EXPECT_EQ(s.evidence[0].offset, 1u);

  in.has_prefix = false;
  in.aggregate_peers = 40;
  const StoredIncident agg = to_stored(in, peers);
  EXPECT_FALSE(agg.prefix.has_value());
  EXPECT_FALSE(agg.watched_prefix.has_value());
  EXPECT_EQ(agg.peers, 40u);
  EXPECT_EQ(agg.peers_now, 0u);
}

}  // namespace
}  // namespace vigil::store::test
