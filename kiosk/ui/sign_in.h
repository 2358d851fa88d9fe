// Who is signed in, and the operator PIN prompt that guards quitting and leaving fullscreen. Each is
// one explicit state, and a PIN check's outcome is applied only to the state still waiting for it, so
// a prompt cancelled while its PIN was being checked grants nothing.
#pragma once
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "ui/operators.h"

namespace kiosk::ui {

// What an operator's PIN unlocks beyond signing in.
enum class Gate { quit, leave_fullscreen };

class SignIn {
public:
    enum class State { signed_out, checking, signed_in };
    enum class GateState { closed, asking, checking };

    explicit SignIn(std::vector<operators::Account> accounts);
    ~SignIn();
    SignIn(const SignIn&) = delete;
    SignIn& operator=(const SignIn&) = delete;

    // Applies a PIN check that finished; true when it signed someone in. Call once per frame.
    bool collect();

    // With no operators configured the kiosk runs unlocked as "unregistered".
    bool has_operators() const { return !accounts_.empty(); }
    State state() const { return state_; }
    const std::string& operator_name() const { return operator_; }  // "" unless signed in
    void sign_in(const std::string& name, const std::string& pin);  // checked off the UI thread
    bool continue_unregistered();                                   // only when no operators exist
    void sign_out();
    // A PIN is being checked, possibly for a prompt cancelled since: no other check starts meanwhile.
    bool checking_pin() const { return check_.valid(); }
    const std::string& message() const { return message_; }

    // Granted at once when no operators exist; otherwise the prompt asks for a PIN.
    void request(Gate gate);
    std::optional<Gate> pending_gate() const;  // the prompt's gate while it is open
    void unlock(const std::string& name, const std::string& pin);
    void cancel_gate();
    std::optional<Gate> take_granted();  // the gate whose PIN was accepted, once

private:
    void start_check(const std::string& name, const std::string& pin);

    std::vector<operators::Account> accounts_;
    State state_ = State::signed_out;
    std::string operator_;
    GateState gate_state_ = GateState::closed;
    Gate gate_ = Gate::quit;  // meaningful only while gate_state_ is not closed
    std::optional<Gate> granted_;
    std::future<Result<operators::Account>> check_;
    std::string message_;
};

}  // namespace kiosk::ui
