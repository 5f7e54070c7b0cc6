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

// func subScaledAVX2(dst, src *float64, n int, a float64)
// dst[k] -= a*src[k] for k < n, n a multiple of 4: a multiply and a
// subtract, not fused, so that each element is rounded as in Go.
TEXT ·subScaledAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSD a+24(FP), Y0
	SHRQ $2, CX
	JZ sdone
sloop:
	VMOVUPD (SI), Y1
	VMULPD Y0, Y1, Y1
	VMOVUPD (DI), Y2
	VSUBPD Y1, Y2, Y2
	VMOVUPD Y2, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ sloop
sdone:
	VZEROUPPER
	RET
