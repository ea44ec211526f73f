// The compact browser form of a snippet keeps the text, the colours and the slots exactly.
import { describe, expect, it } from 'vitest'
import { toWire, usesSlot, wireText, type WireInputPiece } from './snippet-wire'

const A = { light: '#111111', dark: '#eeeeee' }
const B = { light: '#222222', dark: '#dddddd' }
const slot = { name: 'plantId' as const, context: { quote: '"' as const, inUrl: false } }

const lines: WireInputPiece[][] = [
  [{ text: 'client', ...A }, { text: '.', ...A }, { text: 'connect', ...B }, { text: '(', ...A }],
  [{ text: 'id = ', ...A }, { text: '"', ...A }, { text: 'REPLACE-WITH-YOUR-PLANT-ID', ...A, slot }, { text: '"', ...A }],
  [],
  [{ text: 'plain' }]
]

describe('snippet wire form', () => {
  const wire = toWire('plc/mqtt_jwt.py', 'python', lines)

  it('keeps the code exactly, empty lines included', () => {
    expect(wireText(wire)).toBe('client.connect(\nid = "REPLACE-WITH-YOUR-PLANT-ID"\n\nplain')
  })

  it('lists each colour pair once and points every piece at its own', () => {
    expect(wire.colours).toEqual([['#111111', '#eeeeee'], ['#222222', '#dddddd'], ['', '']])
    expect(wire.lines[0]!.map(([text, c]) => [text, wire.colours[c]![0]])).toEqual([
      ['client.', '#111111'],
      ['connect', '#222222'],
      ['(', '#111111']
    ])
  })

  it('merges neighbours of one colour but never into or out of a slot', () => {
    expect(wire.lines[1]).toEqual([['id = "', 0], ['REPLACE-WITH-YOUR-PLANT-ID', 0, slot], ['"', 0]])
  })

  it('lets blank text join a neighbour of any colour, never a slot, and keeps every character', () => {
    const blankLines: WireInputPiece[][] = [
      [{ text: '    ', ...B }, { text: 'if', ...A }, { text: ' ', ...B }, { text: 'x', ...B }],
      [{ text: 'a', ...A }, { text: ' ', ...B }, { text: '\t', ...A }, { text: 'b', ...A }],
      [{ text: ' ', ...A }, { text: 'REPLACE-WITH-YOUR-PLANT-ID', ...A, slot }, { text: ' ', ...B }, { text: '"', ...B }],
      [{ text: '   ', ...B }]
    ]
    const blankWire = toWire('plc/mqtt_jwt.py', 'python', blankLines)
    expect(wireText(blankWire)).toBe('    if x\na \tb\n REPLACE-WITH-YOUR-PLANT-ID "\n   ')
    expect(blankWire.lines).toEqual([
      [['    if ', 0], ['x', 1]],
      [['a \tb', 0]],
      [[' ', 0], ['REPLACE-WITH-YOUR-PLANT-ID', 0, slot], [' "', 1]],
      [['   ', 1]]
    ])
    // A colour only blank text had is not listed.
    expect(toWire('plc/mqtt_jwt.py', 'python', [[{ text: 'a', ...A }, { text: ' ', ...B }]]).colours).toEqual([['#111111', '#eeeeee']])
  })

  it('says which slots a snippet uses', () => {
    expect(usesSlot(wire, 'plantId')).toBe(true)
    expect(usesSlot(wire, 'host')).toBe(false)
  })
})
