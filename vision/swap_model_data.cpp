// The learned swap detector and its model card, assembled into the binary as read-only data so that
// the kiosk needs no file beside it. The paths come from vision/CMakeLists.txt.
__asm__(".section .rodata\n"
        ".global kiosk_swap_onnx, kiosk_swap_onnx_end, kiosk_swap_card, kiosk_swap_card_end\n"
        ".balign 16\n"
        "kiosk_swap_onnx:\n"
        ".incbin \"" SWAP_MODEL_ONNX "\"\n"
        "kiosk_swap_onnx_end:\n"
        ".balign 16\n"
        "kiosk_swap_card:\n"
        ".incbin \"" SWAP_MODEL_CARD "\"\n"
        "kiosk_swap_card_end:\n"
        ".previous\n");
