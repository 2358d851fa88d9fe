// The YuNet face detector, assembled into the binary as read-only data so that the kiosk needs no
// file beside it. The path comes from vision/CMakeLists.txt.
__asm__(".section .rodata\n"
        ".global kiosk_yunet_onnx, kiosk_yunet_onnx_end\n"
        ".balign 16\n"
        "kiosk_yunet_onnx:\n"
        ".incbin \"" YUNET_MODEL_ONNX "\"\n"
        "kiosk_yunet_onnx_end:\n"
        ".previous\n");
