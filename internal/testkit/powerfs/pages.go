package powerfs

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"syscall"
)

// PageSize is the granularity at which pending writes are kept or dropped.
const PageSize = 4096

// pending holds a file's writes that have not been synced: whole pages as the file
// would read now, and the file's size as writes have made it.
type pending struct {
	fd    int              // the backing file, opened read-write by this package
	pages map[int64][]byte // page index → PageSize bytes
	size  int64
}

// newPending opens its own descriptor on the backing file behind fd, so the pending
// writes can still be flushed or partly kept after the caller's handle is released.
func newPending(fd int) (*pending, error) {
	own, err := syscall.Open(fmt.Sprintf("/proc/self/fd/%d", fd), syscall.O_RDWR|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("powerfs: reopen backing file: %w", err)
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(own, &st); err != nil {
		syscall.Close(own)
		return nil, fmt.Errorf("powerfs: stat backing file: %w", err)
	}
	return &pending{fd: own, pages: map[int64][]byte{}, size: st.Size}, nil
}

// write applies data at off to the pending pages, reading a page from the backing file
// the first time it is touched.
func (p *pending) write(data []byte, off int64) error {
	for done := 0; done < len(data); {
		at := off + int64(done)
		idx := at / PageSize
		page, err := p.page(idx)
		if err != nil {
			return err
		}
		done += copy(page[at-idx*PageSize:], data[done:])
	}
	p.size = max(p.size, off+int64(len(data)))
	return nil
}

func (p *pending) page(idx int64) ([]byte, error) {
	if page, ok := p.pages[idx]; ok {
		return page, nil
	}
	page := make([]byte, PageSize)
	if idx*PageSize < p.size {
		if _, err := syscall.Pread(p.fd, page, idx*PageSize); err != nil {
			return nil, fmt.Errorf("powerfs: read page %d: %w", idx, err)
		}
	}
	p.pages[idx] = page
	return page, nil
}

// overlay copies the pending pages over dest, which holds the backing file's bytes
// from off.
func (p *pending) overlay(dest []byte, off int64) {
	end := off + int64(len(dest))
	for idx := off / PageSize; idx*PageSize < end; idx++ {
		page, ok := p.pages[idx]
		if !ok {
			continue
		}
		start := idx * PageSize
		from := max(off, start)
		copy(dest[from-off:min(end, start+PageSize)-off], page[from-start:])
	}
}

// truncate follows a truncate already applied to the backing file: pages past the end
// go, and the bytes past the end in the last page are zeroed, as a later extension must
// read them.
func (p *pending) truncate(size int64) {
	for idx, page := range p.pages {
		switch {
		case idx*PageSize >= size:
			delete(p.pages, idx)
		case (idx+1)*PageSize > size:
			clear(page[size-idx*PageSize:])
		}
	}
	p.size = size
}

// flush writes the pending pages to the backing file, up to the pending size.
func (p *pending) flush() error {
	return p.writeBack(func(int64) bool { return true })
}

// keepSome writes back each pending page with probability one half, in page order so
// that a seed always chooses the same pages; it returns how many it kept.
func (p *pending) keepSome(rng *rand.Rand) (kept int, err error) {
	err = p.writeBack(func(int64) bool {
		if rng.IntN(2) == 0 {
			kept++
			return true
		}
		return false
	})
	return kept, err
}

func (p *pending) writeBack(keep func(idx int64) bool) error {
	idxs := make([]int64, 0, len(p.pages))
	for idx := range p.pages {
		idxs = append(idxs, idx)
	}
	slices.Sort(idxs)
	for _, idx := range idxs {
		if !keep(idx) {
			continue
		}
		n := min(PageSize, p.size-idx*PageSize)
		if n <= 0 {
			continue
		}
		if _, err := syscall.Pwrite(p.fd, p.pages[idx][:n], idx*PageSize); err != nil {
			return fmt.Errorf("powerfs: write back page %d: %w", idx, err)
		}
	}
	return nil
}

// close releases the package's own descriptor.
func (p *pending) close() { syscall.Close(p.fd) }
