#include "textflag.h"

// func minAddAVX2(dst, src *int32, n int, cc int32)
// dst[j] = min(dst[j], src[j]+cc) for j < n, n a multiple of 8.
TEXT ·minAddAVX2(SB), NOSPLIT, $0-28
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVL cc+24(FP), AX
	VMOVD AX, X0
	VPBROADCASTD X0, Y0
	SHRQ $3, CX
	JZ done
loop:
	VMOVDQU (SI), Y1
	VPADDD Y0, Y1, Y1
	VPMINSD (DI), Y1, Y1
	VMOVDQU Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ loop
done:
	VZEROUPPER
	RET
