// The optional mDNS browse of `kiosk scan --mdns`: the DNS message parser (including hostile
// compression), the query it sends, and the whole scan against a fake responder on localhost that
// answers with crafted packets (the machine running the tests has no LAN to ask).
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "host/mdns_browse.h"
#include "host/mdns_message.h"
#include "host/neighbours.h"
#include "host/rules.h"
#include "support.h"

using namespace kiosk;
using namespace kiosk::host;

namespace {

using Bytes = std::vector<std::uint8_t>;

// Hand-written wire format, independent of build_dns_query, so the parser is not checked against itself.
void put16(Bytes& out, unsigned value) {
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value & 0xFF));
}

void put_name(Bytes& out, const std::string& dotted) {
    std::size_t start = 0;
    while (start < dotted.size()) {
        auto dot = dotted.find('.', start);
        if (dot == std::string::npos) dot = dotted.size();
        out.push_back(static_cast<std::uint8_t>(dot - start));
        out.insert(out.end(), dotted.begin() + static_cast<long>(start), dotted.begin() + static_cast<long>(dot));
        start = dot + 1;
    }
    out.push_back(0);
}

Bytes response_header(unsigned answers) {
    Bytes out;
    put16(out, 0);
    put16(out, 0x8400);  // response, authoritative
    put16(out, 0);
    put16(out, answers);
    put16(out, 0);
    put16(out, 0);
    return out;
}

// Owner name (already encoded), type, class IN with the cache-flush bit, TTL 120, rdata.
void put_record(Bytes& out, const Bytes& owner, unsigned type, const Bytes& rdata) {
    out.insert(out.end(), owner.begin(), owner.end());
    put16(out, type);
    put16(out, 0x8001);
    put16(out, 0);
    put16(out, 120);
    put16(out, static_cast<unsigned>(rdata.size()));
    out.insert(out.end(), rdata.begin(), rdata.end());
}

Bytes encoded(const std::string& dotted) {
    Bytes out;
    put_name(out, dotted);
    return out;
}

// pikvm.local A 192.168.8.23 and AAAA fe80::dea6:32ff:feaa:bb01 (the farm fixture's Raspberry Pi),
// the AAAA owner name through a compression pointer to byte 12.
Bytes pikvm_answer() {
    auto out = response_header(2);
    put_record(out, encoded("pikvm.local"), 1, {192, 168, 8, 23});
    put_record(out, {0xC0, 12}, 28, {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0xde, 0xa6, 0x32, 0xff, 0xfe, 0xaa, 0xbb, 0x01});
    return out;
}

// A printer browsing answer: _ipp._tcp.local PTR "Office Printer._ipp._tcp.local" (compressed) + its A record.
Bytes printer_answer() {
    auto out = response_header(2);
    put_record(out, encoded("_ipp._tcp.local"), 12, {14, 'O', 'f', 'f', 'i', 'c', 'e', ' ', 'P', 'r', 'i', 'n', 't', 'e', 'r', 0xC0, 12});
    put_record(out, encoded("brn-office.local"), 1, {192, 168, 8, 40});
    return out;
}

// The PTR answer a JetKVM-named web UI would give to the _http._tcp browse.
Bytes jetkvm_answer() {
    auto out = response_header(1);
    put_record(out, encoded("_http._tcp.local"), 12, encoded("jetkvm-0a1b2c3d._http._tcp.local"));
    return out;
}

DnsMessage parsed(const Bytes& bytes) {
    auto message = parse_dns_message(bytes);
    REQUIRE_MESSAGE(message.has_value(), (message ? "" : message.error().message));
    return *message;
}

std::string parse_error(const Bytes& bytes) {
    auto message = parse_dns_message(bytes);
    return message ? "" : message.error().message;
}

// A UDP responder on 127.0.0.1 that waits for one query, keeps it, and answers with `replies`.
class FakeResponder {
public:
    explicit FakeResponder(std::vector<Bytes> replies) : replies_(std::move(replies)) {
        fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        socklen_t size = sizeof address;
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) == 0);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~FakeResponder() {
        thread_.join();
        ::close(fd_);
    }
    FakeResponder(const FakeResponder&) = delete;
    FakeResponder& operator=(const FakeResponder&) = delete;

    std::string target() const { return "127.0.0.1:" + std::to_string(port_); }
    const Bytes& query() const { return query_; }  // valid once the scan returned

private:
    void serve() {
        pollfd wait{fd_, POLLIN, 0};
        if (::poll(&wait, 1, 5000) != 1) return;  // the scan never asked
        Bytes buffer(9000);
        sockaddr_in from{};
        socklen_t size = sizeof from;
        const auto got = ::recvfrom(fd_, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &size);
        if (got <= 0) return;
        query_.assign(buffer.begin(), buffer.begin() + got);
        for (const auto& reply : replies_)
            ::sendto(fd_, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), size);
    }

    std::vector<Bytes> replies_;
    int fd_ = -1;
    std::uint16_t port_ = 0;
    Bytes query_;
    std::thread thread_;
};

std::filesystem::path lan(const char* name) { return test::fixtures() / "watch" / "neighbours" / name; }

struct Scan {
    int code = 0;
    nlohmann::json document;
    std::string err;
};

Scan scan_with_responder(const std::filesystem::path& root, const std::string& target, std::vector<std::string> extra = {"--mdns"}) {
    test::TempDir dir;
    test::write_file(dir / "kiosk.toml", "[scan]\nmdns_listen_seconds = 0.2\nmdns_target = \"" + target + "\"\n");
    std::vector<std::string> args{"scan", "--root", root.string(), "--json", "--config", (dir / "kiosk.toml").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    auto run = test::kiosk(args);
    Scan out{run.code, nullptr, run.err};
    if (!run.out.empty()) out.document = nlohmann::json::parse(run.out);
    return out;
}

std::vector<std::string> mdns_rules(const nlohmann::json& document) {
    std::vector<std::string> out;
    for (const auto& finding : document.at("findings"))
        if (finding.at("rule").get<std::string>().starts_with("kvm.mdns.")) out.push_back(finding.at("rule"));
    return out;
}

std::vector<Finding> judge(const std::vector<Subject>& subjects) {
    auto rules = RuleSet::load();
    REQUIRE_MESSAGE(rules.has_value(), (rules ? "" : rules.error().message));
    return rules->judge(subjects);
}

Subject raspberry_pi_neighbour(const std::string& address) {
    Subject out;
    out.kind = "neighbour";
    out.facts["neighbour.mac"] = std::string("dc:a6:32:aa:bb:01");
    out.facts["neighbour.addresses"] = std::vector<std::string>{address};
    out.facts["neighbour.vendor"] = std::string("Raspberry Pi Trading Ltd");
    return out;
}

}  // namespace

TEST_CASE("mdns parser: records with compressed names decode to names and addresses") {
    auto message = parsed(pikvm_answer());
    CHECK(message.response);
    REQUIRE(message.records.size() == 2);
    CHECK(message.records[0].name == "pikvm.local");
    CHECK(message.records[0].data == "192.168.8.23");
    CHECK(message.records[0].dns_class == 1);  // the cache-flush bit is not part of the class
    CHECK(message.records[0].ttl == 120);
    CHECK(message.records[1].name == "pikvm.local");
    CHECK(message.records[1].data == "fe80::dea6:32ff:feaa:bb01");

    auto printer = parsed(printer_answer());
    REQUIRE(printer.records.size() == 2);
    CHECK(printer.records[0].data == "Office Printer._ipp._tcp.local");
    CHECK(printer.records[1].name == "brn-office.local");
}

TEST_CASE("mdns parser: loops, forward pointers, truncation and bad lengths are errors, not crashes") {
    auto self_loop = response_header(1);
    put_record(self_loop, {0xC0, 12}, 1, {1, 2, 3, 4});  // the owner name points at itself
    CHECK(parse_error(self_loop).find("does not point backwards") != std::string::npos);

    auto two_step_loop = response_header(1);  // a label, then a pointer back to that label
    put_record(two_step_loop, {3, 'a', 'b', 'c', 0xC0, 12}, 1, {1, 2, 3, 4});
    CHECK(parse_error(two_step_loop).find("does not point backwards") != std::string::npos);

    auto forward = response_header(1);
    put_record(forward, {0xC0, 200}, 1, {1, 2, 3, 4});
    CHECK_FALSE(parse_error(forward).empty());

    auto short_a = response_header(1);
    put_record(short_a, encoded("pikvm.local"), 1, {1, 2, 3, 4, 5});
    CHECK(parse_error(short_a).find("A record is not 4 bytes") != std::string::npos);

    auto reserved = response_header(1);
    put_record(reserved, {0x40, 0}, 1, {1, 2, 3, 4});
    CHECK(parse_error(reserved).find("reserved") != std::string::npos);

    Bytes long_name = response_header(1);
    Bytes owner;
    for (int label = 0; label < 5; ++label) {
        owner.push_back(60);
        owner.insert(owner.end(), 60, 'x');
    }
    owner.push_back(0);
    put_record(long_name, owner, 1, {1, 2, 3, 4});
    CHECK(parse_error(long_name).find("longer than 255") != std::string::npos);

    auto ptr_past_rdata = response_header(1);  // the target name runs past the record's declared length
    put_record(ptr_past_rdata, encoded("_http._tcp.local"), 12, {5, 'p', 'i', 'k', 'v', 'm'});
    ptr_past_rdata.insert(ptr_past_rdata.end(), {0});
    CHECK_FALSE(parse_error(ptr_past_rdata).empty());

    const auto whole = pikvm_answer();
    for (std::size_t cut = 0; cut < whole.size(); ++cut) {
        CAPTURE(cut);
        CHECK(parse_error(Bytes(whole.begin(), whole.begin() + static_cast<long>(cut))).starts_with("DNS message: "));
    }
}

TEST_CASE("mdns query: one standard query for the KVM host names and the web and SSH service types") {
    auto questions = mdns_questions();
    auto query = build_dns_query(0, questions);
    REQUIRE(query.has_value());
    CHECK(Bytes(query->begin(), query->begin() + 4) == Bytes{0, 0, 0, 0});  // id 0, flags 0: a plain query
    auto message = parsed(*query);
    CHECK_FALSE(message.response);
    CHECK(message.records.empty());
    REQUIRE(message.questions.size() == questions.size());
    const auto asked = [&](const std::string& name, DnsType type) {
        return std::ranges::any_of(message.questions, [&](const DnsQuestion& q) { return q.name == name && q.type == std::uint16_t(type); });
    };
    for (auto name : {"pikvm.local", "tinypilot.local", "nanokvm.local", "glkvm.local"}) {
        CAPTURE(name);
        CHECK(asked(name, DnsType::a));
        CHECK(asked(name, DnsType::aaaa));
    }
    CHECK(asked("_http._tcp.local", DnsType::ptr));
    CHECK(asked("_ssh._tcp.local", DnsType::ptr));
    CHECK_FALSE(build_dns_query(0, std::vector<DnsQuestion>{{"a..local", 1}}).has_value());
    CHECK_FALSE(build_dns_query(0, std::vector<DnsQuestion>{{std::string(64, 'x') + ".local", 1}}).has_value());
}

TEST_CASE("mdns target: IPv4 and bracketed IPv6 ADDRESS:PORT parse, anything else is refused") {
    auto v4 = parse_mdns_target("127.0.0.1:5353");
    REQUIRE(v4.has_value());
    CHECK(v4->family == AF_INET);
    CHECK(v4->port == 5353);
    auto v6 = parse_mdns_target("[::1]:5300");
    REQUIRE(v6.has_value());
    CHECK(v6->family == AF_INET6);
    CHECK(v6->address == "::1");
    for (auto bad : {"", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "pikvm.local:5353", "::1:5353", "1.2.3.4:53x"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_mdns_target(bad).has_value());
    }
}

TEST_CASE("mdns answers: responses only, with the record's address or else the responder's") {
    CHECK(mdns_answers(parsed(*build_dns_query(0, mdns_questions())), "10.0.0.9").empty());  // a query, not an answer
    auto pikvm = mdns_answers(parsed(pikvm_answer()), "192.168.8.23");
    REQUIRE(pikvm.size() == 2);
    CHECK(pikvm[0] == MdnsAnswer{"pikvm.local", "192.168.8.23", "A record from 192.168.8.23"});
    CHECK(pikvm[1].address == "fe80::dea6:32ff:feaa:bb01");
    auto jet = mdns_answers(parsed(jetkvm_answer()), "192.168.8.50");
    REQUIRE(jet.size() == 1);
    CHECK(jet[0] == MdnsAnswer{"jetkvm-0a1b2c3d._http._tcp.local", "192.168.8.50", "PTR _http._tcp.local from 192.168.8.50"});
}

TEST_CASE("mdns rules: a KVM name alone is low, on a Raspberry Pi neighbour medium, a printer nothing") {
    const std::vector<MdnsAnswer> answers{{"pikvm.local", "192.168.8.23", "A record from 192.168.8.23"},
                                          {"jetkvm-0a1b2c3d._http._tcp.local", "192.168.8.50", "PTR _http._tcp.local from 192.168.8.50"},
                                          {"Office Printer._ipp._tcp.local", "192.168.8.40", "PTR _ipp._tcp.local from 192.168.8.40"},
                                          {"brn-office.local", "192.168.8.40", "A record from 192.168.8.40"},
                                          {"pikvm-fan.local", "192.168.8.60", "A record from 192.168.8.60"}};
    const std::vector<Subject> neighbours{raspberry_pi_neighbour("192.168.8.23")};
    auto subjects = mdns_subjects(answers, neighbours);
    REQUIRE(subjects.size() == 5);
    CHECK(std::get<std::string>(subjects[0].facts.at("mdns.host")) == "pikvm");
    CHECK(std::get<std::string>(subjects[0].facts.at("mdns.neighbour_vendor")) == "Raspberry Pi Trading Ltd");
    CHECK_FALSE(subjects[1].facts.contains("mdns.neighbour_mac"));

    auto findings = judge(subjects);
    std::map<std::string, std::vector<std::pair<std::string, Severity>>> by_subject;
    for (const auto& finding : findings) by_subject[finding.subject].emplace_back(finding.rule, finding.severity);
    using Fired = std::vector<std::pair<std::string, Severity>>;
    CHECK(by_subject["mdns pikvm.local 192.168.8.23"] == Fired{{"kvm.mdns.kvm_host_name_on_kvm_board", Severity::medium}});
    CHECK(by_subject["mdns jetkvm-0a1b2c3d._http._tcp.local 192.168.8.50"] == Fired{{"kvm.mdns.kvm_host_name", Severity::low}});
    CHECK(by_subject["mdns pikvm-fan.local 192.168.8.60"] == Fired{{"kvm.mdns.kvm_host_name", Severity::low}});
    CHECK(by_subject.size() == 3);  // the printer's two answers raise nothing
    CHECK(host_verdict(findings) != HostVerdict::compromised);
}

TEST_CASE("Every mdns rule is at most medium and says it is context, never a verdict on its own") {
    auto rules = RuleSet::load();
    REQUIRE(rules.has_value());
    std::size_t mdns_rules_seen = 0;
    for (const auto& rule : rules->rules()) {
        if (rule.subject_kind != "mdns") continue;
        ++mdns_rules_seen;
        CAPTURE(rule.id);
        CHECK(rule.severity <= Severity::medium);
        CHECK(rule.explanation.find("never decides a verdict on its own") != std::string::npos);
    }
    CHECK(mdns_rules_seen == 2);
}

TEST_CASE("kiosk scan --mdns: a pikvm.local answer on a Raspberry Pi neighbour fires, the printer does not") {
    FakeResponder responder({printer_answer(), pikvm_answer(), Bytes{1, 2, 3}});
    auto scan = scan_with_responder(lan("farm_lan"), responder.target());
    REQUIRE_MESSAGE(scan.code != 2, scan.err);
    auto query = parsed(responder.query());
    CHECK(query.questions.size() == mdns_questions().size());

    const auto& network = scan.document.at("inventory").at("network");
    CHECK(network.at("mdns").size() == 4);
    CHECK(network.at("mdns").at(0) == nlohmann::json{{"name", "Office Printer._ipp._tcp.local"}, {"address", "127.0.0.1"},
                                                     {"source", "PTR _ipp._tcp.local from 127.0.0.1"}});
    const auto status = network.at("mdns_status").get<std::string>();
    CHECK(status.find("4 answers from 1 responders") != std::string::npos);
    CHECK(status.find("1 malformed datagrams ignored") != std::string::npos);

    // Both addresses are dc:a6:32:aa:bb:01 in the farm's ARP and IPv6 tables: medium when the IEEE
    // registry names the vendor, else the name alone (low).
    const std::string rule = OuiRegistry::open().empty() ? "kvm.mdns.kvm_host_name" : "kvm.mdns.kvm_host_name_on_kvm_board";
    CHECK(mdns_rules(scan.document) == std::vector<std::string>{rule, rule});
    for (const auto& finding : scan.document.at("findings"))
        if (finding.at("rule") == "kvm.mdns.kvm_host_name_on_kvm_board") {
            CHECK(finding.at("severity") == "medium");
            CHECK(finding.at("evidence").at("mdns.neighbour_mac") == "dc:a6:32:aa:bb:01");
        }
    CHECK(scan.document.at("verdict") != "compromised");
}

TEST_CASE("kiosk scan --mdns: a responder that floods answers cannot hide the cap: the scan says what it skipped") {
    auto flood = response_header(40);
    for (int i = 0; i < 40; ++i) put_record(flood, encoded("printer-" + std::to_string(i) + ".local"), 1, {192, 168, 8, 40});
    FakeResponder responder({flood, pikvm_answer()});
    auto scan = scan_with_responder(lan("farm_lan"), responder.target());
    REQUIRE_MESSAGE(scan.code != 2, scan.err);
    CHECK(scan.document.at("inventory").at("network").at("mdns").size() == 16);  // one responder's share
    const auto& truncated = scan.document.at("inventory").at("truncated");
    REQUIRE(truncated.size() == 1);
    CHECK(truncated.at(0).at("part") == "mdns");
    CHECK(truncated.at(0).at("skipped") == 26);  // 24 printers and both pikvm answers
    bool reported = false;
    for (const auto& finding : scan.document.at("findings"))
        reported = reported || finding.at("rule") == "anomaly.inventory_truncated";
    CHECK(reported);
}

TEST_CASE("kiosk scan --mdns: an office LAN whose only responder is a printer raises nothing") {
    FakeResponder responder({printer_answer()});
    auto scan = scan_with_responder(lan("office_lan"), responder.target());
    REQUIRE_MESSAGE(scan.code == 0, scan.err);
    CHECK(scan.document.at("inventory").at("network").at("mdns").size() == 2);
    CHECK(scan.document.at("findings").empty());
    CHECK(scan.document.at("verdict") == "clean");
}

TEST_CASE("kiosk scan: mdns stays off unless asked, and with --root scan.mdns alone does not turn it on") {
    test::TempDir dir;
    test::write_file(dir / "kiosk.toml", "[scan]\nmdns = true\nmdns_target = \"127.0.0.1:9\"\n");
    auto run = test::kiosk({"scan", "--root", lan("farm_lan").string(), "--json", "--config", (dir / "kiosk.toml").string()});
    REQUIRE_MESSAGE(run.code != 2, run.err);
    auto network = nlohmann::json::parse(run.out).at("inventory").at("network");
    CHECK_FALSE(network.contains("mdns"));
    CHECK_FALSE(network.contains("mdns_status"));
    auto plain = nlohmann::json::parse(test::kiosk({"scan", "--root", lan("farm_lan").string(), "--json"}).out);
    CHECK_FALSE(plain.at("inventory").at("network").contains("mdns"));
}

TEST_CASE("kiosk scan --mdns: when the query cannot be sent the scan says unavailable and goes on") {
    auto scan = scan_with_responder(lan("office_lan"), "255.255.255.255:5353");  // broadcast is refused without SO_BROADCAST
    REQUIRE_MESSAGE(scan.code == 0, scan.err);
    const auto& network = scan.document.at("inventory").at("network");
    CHECK(network.at("mdns").empty());
    CHECK(network.at("mdns_status").get<std::string>().starts_with("unavailable: "));

    test::TempDir dir;
    test::write_file(dir / "kiosk.toml", "[scan]\nmdns_target = \"255.255.255.255:5353\"\n");
    auto human = test::kiosk({"scan", "--root", lan("office_lan").string(), "--mdns", "--config", (dir / "kiosk.toml").string()});
    CHECK(human.code == 0);
    CHECK(human.out.find("  mDNS: unavailable: ") != std::string::npos);
}

TEST_CASE("kiosk scan: a bad mdns_target or listen time is one error line and exit 2") {
    for (auto [key, value] : {std::pair{"mdns_target", "\"pikvm.local\""}, {"mdns_listen_seconds", "0"}, {"mdns_listen_seconds", "60"}}) {
        CAPTURE(key);
        test::TempDir dir;
        test::write_file(dir / "kiosk.toml", std::string("[scan]\n") + key + " = " + value + "\n");
        auto run = test::kiosk({"scan", "--root", lan("office_lan").string(), "--mdns", "--config", (dir / "kiosk.toml").string()});
        CHECK(run.code == 2);
        CHECK(run.out.empty());
        CHECK(run.err.find(std::string("scan.") + key) != std::string::npos);
        CHECK(std::ranges::count(run.err, '\n') == 1);
    }
}
