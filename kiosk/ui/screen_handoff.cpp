// Device handoff: the host inspection as a tree, findings explained with their evidence, re-scan,
// the liveness check of the person, and IT's sign-off.
#include <GLFW/glfw3.h>

#include "ui/screens.h"

namespace kiosk::ui {
namespace {

constexpr const char* section_titles[][2] = {{"usb", "USB devices"}, {"displays", "Displays"},
                                              {"cameras", "Cameras"},  {"input", "Input devices"},
                                              {"software", "Software"}, {"network", "Network"}};

// The most telling name an inventory entry has.
std::string entry_name(const nlohmann::json& entry) {
    for (const char* key : {"name", "product", "device", "connector", "comm", "path", "id"})
        if (entry.contains(key) && entry[key].is_string() && !entry[key].get<std::string>().empty())
            return entry[key].get<std::string>();
    return entry.dump().substr(0, 60);
}

std::string entry_label(const nlohmann::json& entry) {
    std::string label = entry_name(entry);
    if (entry.contains("vendor_id") && entry["vendor_id"].is_string())
        label += "  [" + entry["vendor_id"].get<std::string>() + ":" + entry.value("product_id", std::string{}) + "]";
    return label;
}

// Findings name their subject ("usb 1-1 (PiKVM Composite Device)", "card0-HDMI-A-1"); an entry is
// flagged when either names the other.
bool mentions(const std::vector<Finding>& findings, const std::string& name, Severity* worst) {
    bool hit = false;
    for (const auto& finding : findings)
        if (!finding.subject.empty() &&
            (name.find(finding.subject) != std::string::npos || finding.subject.find(name) != std::string::npos)) {
            if (!hit || finding.severity > *worst) *worst = finding.severity;
            hit = true;
        }
    return hit;
}

void json_tree(const nlohmann::json& value, const Ui& ui) {
    for (const auto& [key, item] : value.items()) {
        if (item.is_object() || item.is_array()) {
            if (item.empty()) continue;
            if (ImGui::TreeNode(key.c_str())) {
                if (key == "chain" && item.is_array()) {
                    std::string chain;
                    for (const auto& link : item) chain += (chain.empty() ? "" : "  →  ") + (link.is_string() ? link.get<std::string>() : entry_label(link));
                    text_coloured(colour::text, chain);
                } else {
                    json_tree(item, ui);
                }
                ImGui::TreePop();
            }
        } else {
            ImGui::PushFont(ui.fonts.mono);
            const std::string line = key + " = " + (item.is_string() ? item.get<std::string>() : item.dump());
            ImGui::TextUnformatted(line.c_str());
            ImGui::PopFont();
        }
    }
}

// Entries of an inventory section: a list of devices, or named groups of them (software: processes,
// modules, sockets…).
void inventory_entries(const Ui& ui, const HostSnapshot& host, const nlohmann::json& section, const std::string& id) {
    if (section.is_object()) {
        for (const auto& [group, entries] : section.items()) {
            const std::string header = group + "  (" + std::to_string(entries.is_array() ? entries.size() : 1) + ")";
            if (ImGui::TreeNode((header + "##" + id + group).c_str())) {
                inventory_entries(ui, host, entries, id + group);
                ImGui::TreePop();
            }
        }
        return;
    }
    int index = 0;
    for (const auto& entry : section) {
        if (!entry.is_object()) {
            ImGui::BulletText("%s", entry.is_string() ? entry.get<std::string>().c_str() : entry.dump().c_str());
            continue;
        }
        const std::string label = entry_label(entry);
        Severity worst = Severity::info;
        const bool flagged = mentions(host.findings, entry_name(entry), &worst);
        if (flagged) ImGui::PushStyleColor(ImGuiCol_Text, severity_colour(worst));
        const bool open = ImGui::TreeNode((label + "##" + id + std::to_string(index++)).c_str());
        if (flagged) ImGui::PopStyleColor();
        if (open) {
            json_tree(entry, ui);
            ImGui::TreePop();
        }
    }
}

void inventory_tree(const Ui& ui, const HostSnapshot& host) {
    for (const auto& [key, title] : section_titles) {
        const auto section = host.inventory.value(key, nlohmann::json::array());
        const std::string header = std::string(title) + "  (" + std::to_string(section.size()) + ")";
        if (!ImGui::CollapsingHeader(header.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) continue;
        if (section.empty()) text_coloured(colour::muted, "none found");
        inventory_entries(ui, host, section, key);
    }
}

void findings_list(const Ui& ui, const HostSnapshot& host) {
    if (host.findings.empty()) {
        text_coloured(colour::pass, "Nothing on this machine matched a remote-control, capture or KVM signature.");
        return;
    }
    int index = 0;
    for (const auto& finding : host.findings) {
        ImGui::PushID(index++);
        badge(upper(to_string(finding.severity)), severity_colour(finding.severity));
        ImGui::SameLine();
        ImGui::PushFont(ui.fonts.bold);
        ImGui::TextWrapped("%s", finding.title.c_str());
        ImGui::PopFont();
        text_coloured(colour::muted, finding.subject + "   ·   " + finding.rule + "   ·   " + finding.category);
        if (ImGui::TreeNode("Evidence")) {
            ImGui::PushFont(ui.fonts.mono);
            ImGui::TextUnformatted(finding.evidence.dump(2).c_str());
            ImGui::PopFont();
            ImGui::TreePop();
        }
        ImGui::Separator();
        ImGui::PopID();
    }
}

void inspect(Ui& ui, HandoffForm& form) {
    auto& controller = ui.controller;
    const auto host = controller.host().snapshot();
    const float column = ImGui::GetContentRegionAvail().x * 0.5f - ImGui::GetStyle().ItemSpacing.x;
    ImGui::BeginChild("tree", {column, -1}, true);
    ImGui::PushFont(ui.fonts.bold);
    ImGui::Text("This machine  (%s)", controller.host().root().c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    if (action_button("Re-scan  (R)", GLFW_KEY_R)) controller.rescan();
    switch (host->state) {
        case HostSnapshot::State::idle:
        case HostSnapshot::State::running: text_coloured(colour::muted, "Inspecting…"); break;
        case HostSnapshot::State::failed: notice(host->message); break;
        case HostSnapshot::State::done: inventory_tree(ui, *host); break;
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("findings", {0, -1}, true);
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted("Findings");
    ImGui::PopFont();
    if (host->state == HostSnapshot::State::done) {
        ImGui::SameLine();
        badge(upper(host->verdict), verdict_colour(host->verdict));
        findings_list(ui, *host);
    } else {
        text_coloured(colour::muted, "No inspection result yet.");
    }
    ImGui::Spacing();
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted("Liveness of the person at the laptop");
    ImGui::PopFont();
    notice("Liveness checks are not available in this build");
    ImGui::Spacing();
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted("Laptop or employee reference");
    ImGui::PopFont();
    std::string subject = controller.handoff().subject;
    ImGui::SetNextItemWidth(-1);
    const bool entered = text_field("##subject", subject, ImGuiInputTextFlags_EnterReturnsTrue);
    controller.set_handoff_subject(subject);
    if (action_button("Record the inspection and sign off  (Enter)", GLFW_KEY_ENTER, -1) || entered) {
        auto result = controller.to_sign_off();
        form.message = result ? "" : result.error().message;
    }
    ImGui::EndChild();
}

}  // namespace

void draw_handoff(Ui& ui, HandoffForm& form) {
    const auto& handoff = ui.controller.handoff();
    heading(ui, "Device handoff", "Is this machine being driven from somewhere else?");
    if (!form.message.empty()) text_coloured(colour::fail, form.message);
    switch (handoff.step) {
        case HandoffStep::inspect: inspect(ui, form); break;
        case HandoffStep::sign_off:
            draw_decision(ui, form.decision, form.message, handoff.recommendation, session::Workflow::handoff);
            break;
        case HandoffStep::done: draw_recorded(ui, handoff.session, handoff.decision, session::Workflow::handoff); break;
    }
}

}  // namespace kiosk::ui
