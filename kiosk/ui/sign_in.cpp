#include "ui/sign_in.h"

#include <chrono>
#include <utility>

namespace kiosk::ui {

SignIn::SignIn(std::vector<operators::Account> accounts) : accounts_(std::move(accounts)) {}

SignIn::~SignIn() = default;

bool SignIn::collect() {
    if (!checking_pin() || check_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
    auto account = check_.get();
    if (gate_state_ == GateState::checking) {
        if (!account) {
            message_ = account.error().message;
            gate_state_ = GateState::asking;
            return false;
        }
        granted_ = gate_;
        gate_state_ = GateState::closed;
        message_.clear();
        return false;
    }
    if (state_ == State::checking) {
        if (!account) {
            message_ = account.error().message;
            state_ = State::signed_out;
            return false;
        }
        operator_ = account->name;
        state_ = State::signed_in;
        message_.clear();
        return true;
    }
    return false;  // its prompt was cancelled while the PIN was checked
}

void SignIn::start_check(const std::string& name, const std::string& pin) {
    message_.clear();
    check_ = std::async(std::launch::async, [known = accounts_, name, pin] { return operators::sign_in(known, name, pin); });
}

void SignIn::sign_in(const std::string& name, const std::string& pin) {
    if (state_ != State::signed_out || checking_pin()) return;
    state_ = State::checking;
    start_check(name, pin);
}

bool SignIn::continue_unregistered() {
    if (has_operators()) return false;
    operator_ = "unregistered";
    state_ = State::signed_in;
    return true;
}

void SignIn::sign_out() {
    operator_.clear();
    state_ = State::signed_out;
}

void SignIn::request(Gate gate) {
    if (!has_operators()) {
        granted_ = gate;
        return;
    }
    if (gate_state_ == GateState::checking) return;  // that PIN's outcome is for the gate already asked
    gate_ = gate;
    gate_state_ = GateState::asking;
    message_.clear();
}

std::optional<Gate> SignIn::pending_gate() const {
    if (gate_state_ == GateState::closed) return std::nullopt;
    return gate_;
}

void SignIn::unlock(const std::string& name, const std::string& pin) {
    if (gate_state_ != GateState::asking || checking_pin()) return;
    gate_state_ = GateState::checking;
    start_check(name, pin);
}

void SignIn::cancel_gate() {
    gate_state_ = GateState::closed;
    message_.clear();
}

std::optional<Gate> SignIn::take_granted() { return std::exchange(granted_, std::nullopt); }

}  // namespace kiosk::ui
