'use client'
// A live example on /docs-team mounts when it comes near the screen. The page shows every widget,
// and each widget fetches its tools (key code, token signing, the explainer) once mounted: all of
// them at once put this page over the site's JavaScript ceiling. Nearby examples mount at load.
import { useEffect, useRef, useState, type ReactNode } from 'react'

export function LiveExample({ tag, children }: { tag: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null)
  const [near, setNear] = useState(false)
  useEffect(() => {
    const element = box.current
    if (!element || near) return
    if (!('IntersectionObserver' in window)) return setNear(true)
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: '400px 0px' })
    observer.observe(element)
    return () => observer.disconnect()
  }, [near])
  return (
    <div ref={box} className="voke-tag-example" data-live={near ? 'mounted' : 'waiting'}>
      {near ? children : <p>{`The live <${tag}> appears here as you scroll to it.`}</p>}
    </div>
  )
}
