// SPDX-License-Identifier: Apache-2.0
// Task creation (Labrosse, "MicroC/OS-II", 2nd ed., chapter 4): one task per priority; a
// task is ready as soon as it exists.
#include "os_internal.h"

static INT8U OS_TCBInit(INT8U prio, OS_STK* ptos, OS_STK* pbos, INT16U id, INT32U stk_size, void* pext,
                        INT16U opt) {
    OS_CPU_SR cpu_sr;
    OS_TCB* ptcb;
    OS_ENTER_CRITICAL();
    ptcb = OSTCBFreeList;
    if (ptcb == (OS_TCB*)0) {
        OS_EXIT_CRITICAL();
        return OS_ERR_NO_MORE_TCB;
    }
    OSTCBFreeList = ptcb->OSTCBNext;
    OS_EXIT_CRITICAL();

    ptcb->OSTCBStkPtr = ptos;
    ptcb->OSTCBPrio = prio;
    ptcb->OSTCBStat = OS_STAT_RDY;
    ptcb->OSTCBStatPend = OS_STAT_PEND_OK;
    ptcb->OSTCBDly = 0u;
    ptcb->OSTCBExtPtr = pext;
    ptcb->OSTCBStkSize = stk_size;
    ptcb->OSTCBStkBottom = pbos;
    ptcb->OSTCBOpt = opt;
    ptcb->OSTCBId = id;
    ptcb->OSTCBEventPtr = (OS_EVENT*)0;
    ptcb->OSTCBDeadline = OS_EDF_NO_DEADLINE;
    ptcb->OSTCBCtxSwCtr = 0u;
    // Where the task sits in the ready bitmap, precomputed (Labrosse 3.04).
    ptcb->OSTCBY = (INT8U)(prio >> 3);
    ptcb->OSTCBBitY = (INT8U)(1u << ptcb->OSTCBY);
    ptcb->OSTCBX = (INT8U)(prio & 7u);
    ptcb->OSTCBBitX = (INT8U)(1u << ptcb->OSTCBX);

    OSTaskCreateHook(ptcb);
    OS_ENTER_CRITICAL();
    OSTCBPrioTbl[prio] = ptcb;
    ptcb->OSTCBNext = OSTCBList;
    ptcb->OSTCBPrev = (OS_TCB*)0;
    if (OSTCBList != (OS_TCB*)0) OSTCBList->OSTCBPrev = ptcb;
    OSTCBList = ptcb;
    OS_RdyInsert(ptcb);
    OSTaskCtr++;
    OS_EXIT_CRITICAL();
    return OS_ERR_NONE;
}

INT8U OSTaskCreateExt(void (*task)(void* p_arg), void* p_arg, OS_STK* ptos, INT8U prio, INT16U id, OS_STK* pbos,
                      INT32U stk_size, void* pext, INT16U opt) {
    OS_CPU_SR cpu_sr;
    OS_STK* psp;
    INT8U err;
    if (prio > OS_LOWEST_PRIO) return OS_ERR_PRIO_INVALID;
    OS_ENTER_CRITICAL();
    if (OSIntNesting > 0u) {
        OS_EXIT_CRITICAL();
        return OS_ERR_TASK_CREATE_ISR;
    }
    if (OSTCBPrioTbl[prio] != (OS_TCB*)0) {
        OS_EXIT_CRITICAL();
        return OS_ERR_PRIO_EXIST;
    }
    OSTCBPrioTbl[prio] = (OS_TCB*)1;  // reserve the priority while the TCB is set up
    OS_EXIT_CRITICAL();
    if ((opt & OS_TASK_OPT_STK_CLR) && pbos != (OS_STK*)0) OS_MemClr(pbos, stk_size * sizeof(OS_STK));
    psp = OSTaskStkInit(task, p_arg, ptos, opt);
    err = OS_TCBInit(prio, psp, pbos, id, stk_size, pext, opt);
    if (err == OS_ERR_NONE) {
        if (OSRunning) OS_Sched();
    } else {
        OS_ENTER_CRITICAL();
        OSTCBPrioTbl[prio] = (OS_TCB*)0;
        OS_EXIT_CRITICAL();
    }
    return err;
}

INT8U OSTaskCreate(void (*task)(void* p_arg), void* p_arg, OS_STK* ptos, INT8U prio) {
    return OSTaskCreateExt(task, p_arg, ptos, prio, 0u, (OS_STK*)0, 0u, (void*)0, OS_TASK_OPT_NONE);
}
