# Sandbox launcher (x86-64 Linux, no libc). Replaces `dash -c 'exec 3<… 4>… 5>…; ulimit …' → setpriv`.
# argv: [0] self  [1] file for fd 3 (read)  [2] file for fd 4 (write)  [3] file for fd 5 (write) or "-"
#       [4] uid to become (real, effective, saved; gid likewise; no supplementary groups) or "-"
#       [5] K, then K triples "resource soft hard" (setrlimit), then the program and its arguments (execve).
# Numbers are unsigned decimals (written by Sandbox). Any failure: a line on stderr and exit status 125.
        .intel_syntax noprefix
        .text
        .globl _start
_start:
        mov     r12, rsp                # r12 -> argc
        lea     r13, [rsp+16]           # r13 -> argv[1]
        sub     rsp, 16                 # struct rlimit at [rsp]
        mov     rdi, [r13]
        xor     esi, esi                # O_RDONLY
        mov     ebx, 3
        call    open_as
        mov     rdi, [r13+8]
        mov     esi, 0x241              # O_WRONLY|O_CREAT|O_TRUNC
        mov     ebx, 4
        call    open_as
        mov     rdi, [r13+16]
        cmp     word ptr [rdi], 0x2d    # "-"
        je      1f
        mov     esi, 0x241
        mov     ebx, 5
        call    open_as
1:      mov     rsi, [r13+24]
        xor     r14d, r14d
        cmp     word ptr [rsi], 0x2d    # "-": keep the uid
        je      2f
        call    parse
        mov     r14, rax
        inc     r14                     # r14 = uid + 1, 0 = none
2:      mov     rsi, [r13+32]
        call    parse
        mov     r15, rax                # K
        add     r13, 40
3:      test    r15, r15
        jz      4f
        mov     rsi, [r13]
        call    parse
        mov     rbx, rax                # resource
        mov     rsi, [r13+8]
        call    parse
        mov     [rsp], rax              # rlim_cur
        mov     rsi, [r13+16]
        call    parse
        mov     [rsp+8], rax            # rlim_max
        mov     eax, 160                # setrlimit
        mov     rdi, rbx
        mov     rsi, rsp
        syscall
        test    rax, rax
        jnz     fail
        add     r13, 24
        dec     r15
        jmp     3b
4:      test    r14, r14
        jz      5f
        dec     r14
        mov     eax, 116                # setgroups(0, NULL)
        xor     edi, edi
        xor     esi, esi
        syscall
        test    rax, rax
        jnz     fail
        mov     eax, 114                # setregid(gid, gid)
        mov     rdi, r14
        mov     rsi, r14
        syscall
        test    rax, rax
        jnz     fail
        mov     eax, 113                # setreuid(uid, uid)
        mov     rdi, r14
        mov     rsi, r14
        syscall
        test    rax, rax
        jnz     fail
5:      mov     rax, [r12]              # argc
        lea     rdx, [r12+rax*8+16]     # envp
        mov     rdi, [r13]
        mov     rsi, r13
        mov     eax, 59                 # execve
        syscall
fail:   mov     eax, 1                  # write(2, msg, len)
        mov     edi, 2
        lea     rsi, [rip+msg]
        mov     edx, msgend-msg
        syscall
        mov     eax, 231                # exit_group(125)
        mov     edi, 125
        syscall

# open(rdi, esi, 0666) must return fd ebx
open_as:
        mov     edx, 0x1b6
        mov     eax, 2
        syscall
        cmp     rax, rbx
        jne     fail
        ret

# rax = unsigned decimal at rsi (fails on any other character)
parse:
        xor     eax, eax
6:      movzx   ecx, byte ptr [rsi]
        test    ecx, ecx
        jz      7f
        sub     ecx, 0x30
        cmp     ecx, 9
        ja      fail
        imul    rax, rax, 10
        add     rax, rcx
        inc     rsi
        jmp     6b
7:      ret

msg:    .ascii  "sandbox launcher: cannot open the descriptors, set the limits or change the uid\n"
msgend:
